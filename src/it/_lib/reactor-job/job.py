"""One module's job in the reactor-* ITs (copied to <it>/job by setup.groovy). Writes `start`/`end` lines
(module, time, the cluster's workdir or the exit code) to $SYNC_DIR/events.log.

Knobs (--env): WAIT_FOR=markers to wait for in $SYNC_DIR (`b.started`, `a.ended`), HOLD_SECONDS to sleep after,
EXIT_CODE to exit with.
"""
import os
import pathlib
import sys
import time

sync = pathlib.Path(os.environ["SYNC_DIR"])
sync.mkdir(parents=True, exist_ok=True)
me = os.environ["MODULE"]


def event(*words):
    with open(sync / "events.log", "a", encoding="utf-8") as f:
        f.write(" ".join(str(w) for w in words) + "\n")


event("start", me, time.time(), os.getcwd())
(sync / f"{me}.started").touch()
deadline = time.time() + 120
for marker in filter(None, os.environ.get("WAIT_FOR", "").split(",")):
    while not (sync / marker).exists():
        if time.time() > deadline:
            print(f"{me}: gave up waiting for {marker}")
            sys.exit(9)
        time.sleep(0.05)
time.sleep(float(os.environ.get("HOLD_SECONDS", "0")))
rc = int(os.environ.get("EXIT_CODE", "0"))
print(f"{me}: job done, exit code {rc}")
event("end", me, time.time(), rc)
(sync / f"{me}.ended").touch()
sys.exit(rc)
