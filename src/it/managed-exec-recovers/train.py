import os
import pathlib
import time

# The first attempt waits until the build follows the job (its `sky jobs logs` is in the fake's calls.log), then
# prints "step 1" and waits until its cluster is preempted; the second attempt runs through.
first = pathlib.Path(os.environ["MARKER_DIR"], "first-attempt")
again = first.exists()
first.parent.mkdir(parents=True, exist_ok=True)
first.touch()
calls = pathlib.Path(os.environ["CALLS_LOG"])
while not again and '"logs"' not in calls.read_text():
    time.sleep(0.1)
for i in range(4):
    print("step %d" % i, flush=True)
    if i == 1 and not again:
        time.sleep(120)
