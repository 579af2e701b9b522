import os

print("managed training on CUDA_VISIBLE_DEVICES=" + os.environ.get("CUDA_VISIBLE_DEVICES", "<unset>"), flush=True)
print("mode=" + os.environ.get("MODE", "<unset>"), flush=True)
