import hashlib
import os

token = os.environ.get("HF_TOKEN", "")
print("RUN_NAME=" + os.environ.get("RUN_NAME", "<unset>"))
print("HF_TOKEN sha256=" + hashlib.sha256(token.encode("utf-8")).hexdigest())
# A careless job prints the secret itself: the plugin must mask it.
print("careless print: " + token)
