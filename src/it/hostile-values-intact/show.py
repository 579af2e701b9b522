import json
import os
import sys

# JSON keeps newlines and quotes visible on one line each.
print("ENV " + json.dumps(os.environ.get("MULTI")))
for arg in sys.argv[1:]:
    print("ARG " + json.dumps(arg))
