import os
import sys

print("train.py starting, CUDA_VISIBLE_DEVICES=" + os.environ.get("CUDA_VISIBLE_DEVICES", "<unset>"))
for i, arg in enumerate(sys.argv[1:]):
    print("arg[%d]=<%s>" % (i, arg))
print("train.py done")
