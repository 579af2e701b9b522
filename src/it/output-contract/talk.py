import os
import sys
import time
from pathlib import Path

print("\033[32mgreen words\033[0m and \033[1mbold\033[0m")
print("careless print: " + os.environ.get("HF_TOKEN", "<unset>"))
for i in range(2000):
    print("line %04d %s" % (i, "x" * 80))
    if i == 999:
        print("halfway: caf\u00e9 \u2713")  # not ASCII: decoded, and still in its place among the others
ALONE = "alone: this line must reach the console while the job still runs"
print(ALONE, flush=True)

# The build's console is the invoker's build.log, next to the project's pom.xml; the job runs in the fake cluster's
# copy of the workdir below it. Wait until the line is there: were it held in a buffer until sky ends, it never is.
build_log = next((d / "build.log" for d in Path.cwd().parents if (d / "build.log").is_file()), None)
seen = False
deadline = time.time() + 60
while build_log is not None and time.time() < deadline:
    if ALONE in build_log.read_text(encoding="utf-8", errors="replace"):
        seen = True
        break
    time.sleep(0.1)
print("alone line on the console while the job ran: %s (%s)" % ("yes" if seen else "NO", build_log))
