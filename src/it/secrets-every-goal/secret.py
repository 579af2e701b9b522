import hashlib
import os
import sys

token = os.environ.get("HF_TOKEN", "")
print("exec HF_TOKEN sha256=" + hashlib.sha256(token.encode("utf-8")).hexdigest())
print("careless print: " + token)
sys.exit("failing with the secret in the message: " + token)
