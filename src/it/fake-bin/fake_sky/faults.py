"""Fault injection: the FAKE_SKY_FAULT* knobs (README.md next to the package)."""

import os
import signal
import subprocess
import sys
import time

from . import VERSION
from .errors import Exit, UsageError
from .output import DIM, RESET, err, out
from .parser import no_such_option, print_usage_error
from .state import locked, state_home


def apply_fault(cmd, argv):
    fault = os.environ.get("FAKE_SKY_FAULT")
    only = os.environ.get("FAKE_SKY_FAULT_CMD")
    if not fault or (only and only != cmd):
        return
    if not _fault_turn():
        return
    if fault == "hang":
        # A child in our process group, then sleep forever: the caller must kill the tree.
        out(f"{DIM}⠋ Waiting for the API server...{RESET}")
        child = subprocess.Popen(["sleep", "1000"], stdin=subprocess.DEVNULL)
        # Tests check that both are gone after the caller's timeout.
        os.makedirs(state_home(), exist_ok=True)
        with open(os.path.join(state_home(), "hang.pids"), "a") as pids:
            pids.write(f"{os.getpid()}\n{child.pid}\n")
        while True:
            time.sleep(3600)
    if fault == "traceback":
        err("Traceback (most recent call last):")
        err(f'  File "{os.path.abspath(sys.argv[0])}", line 8, in <module>')
        err("    sys.exit(cli())")
        err('  File "/opt/sky/lib/python3.11/site-packages/click/core.py", line 1161, in __call__')
        err("    return self.main(*args, **kwargs)")
        err('  File "/opt/sky/lib/python3.11/site-packages/sky/server/common.py", line 512, '
            "in check_server_healthy")
        err("    raise RuntimeError('boom')")
        err("RuntimeError: boom")
        raise Exit(1)
    if fault == "api-mismatch":
        err("sky.exceptions.APIVersionMismatchError: Client and local API server version "
            "mismatch:\n"
            f"  Client version: {VERSION} (API version: 27)\n"
            "  Local API server version: 0.13.0 (API version: 20)\n"
            "Please restart the local API server with: sky api stop && sky api start")
        raise Exit(1)
    if fault == "garbage":
        # stdout that holds no JSON document, a line beginning with "[" among it, and exit 0.
        out("[notice] fake sky: the API server answered with something else (FAKE_SKY_FAULT=garbage)")
        out('{"half": ')
        raise Exit(0)
    if fault == "signal":
        os.kill(os.getpid(), signal.SIGKILL)
    if fault == "exit127":
        raise Exit(127)
    if fault == "usage":
        first = next((a for a in argv if a.startswith("-") and len(a) > 1 and a != "--"), None)
        name = (first.split("=", 1)[0] if first else "--config")
        print_usage_error(cmd, UsageError(no_such_option(name, [])))
        raise Exit(2)
    err(f"fake sky: unknown FAKE_SKY_FAULT={fault!r} (hang, traceback, api-mismatch, garbage, "
        "signal, exit127, usage)")
    raise Exit(99)


def _fault_turn():
    """With FAKE_SKY_FAULT_TIMES=n, only the first n invocations the fault targets get it
    (counted in fault.count in the state dir, under a lock); later ones run normally."""
    times = os.environ.get("FAKE_SKY_FAULT_TIMES")
    if not times:
        return True
    path = os.path.join(state_home(), "fault.count")
    with locked("fault"):
        try:
            with open(path) as f:
                count = int(f.read().strip() or 0)
        except FileNotFoundError:
            count = 0
        if count >= int(times):
            return False
        with open(path, "w") as f:
            f.write(f"{count + 1}\n")
    return True
