"""The local API server (docs/skypilot-facts.md#api-server, sky/server/common.py): the first call
that needs it starts it as a child in a NEW SESSION (Popen(start_new_session=True), no double
fork), so it is a descendant of that `sky` process until the process exits, yet not in its session
or process group; later calls reuse it. A wrapper that kills every descendant of a timed-out client
kills it. This one only waits (the fake's requests run in the clients) and exits by itself once no
client has run for FAKE_SKY_API_SERVER_IDLE_SECONDS, so tests leak no processes."""

import contextlib
import os
import subprocess
import sys
import time

from . import MAIN_SCRIPT
from .output import DIM, RESET, finishing, out
from .procs import pid_alive
from .state import locked, read_json, state_home, write_json_atomic

API_SERVER_URL = "http://127.0.0.1:46580"


def p_api_server():
    return os.path.join(state_home(), "api_server")


def start_time(pid):
    """The process's start time in clock ticks (field 22 of /proc/<pid>/stat), to
    tell a live server from a new process that got its pid; None without /proc."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[19])
    except (OSError, ValueError, IndexError):
        return None


def _api_server_alive(rec):
    pid = rec.get("pid")
    if not pid or not pid_alive(pid):
        return False
    return rec.get("start_time") is None or start_time(pid) == rec.get("start_time")


def ensure_api_server():
    """check_server_healthy_or_start: start the local server unless one is alive
    (under a lock, as the real client's creation lock)."""
    if os.environ.get("FAKE_SKY_API_SERVER") == "off":
        return
    d = p_api_server()
    os.makedirs(os.path.join(d, "clients"), exist_ok=True)
    # While a client runs, the server is busy (a real one has the client's request).
    open(os.path.join(d, "clients", str(os.getpid())), "w").close()
    record = os.path.join(d, "server.json")
    with locked("api_server"):
        rec = read_json(record) or {}
        if _api_server_alive(rec):
            return
        out(f"{DIM}Failed to connect to SkyPilot API server at {API_SERVER_URL}. "
            f"Starting a local server.{RESET}")
        idle = os.environ.get("FAKE_SKY_API_SERVER_IDLE_SECONDS") or "10"
        with open(os.path.join(d, "server.log"), "a") as log:
            proc = subprocess.Popen(
                [sys.executable, MAIN_SCRIPT, "__fake-api-server", state_home(), idle],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        write_json_atomic(record, {
            "pid": proc.pid, "start_time": start_time(proc.pid),
            "starts": rec.get("starts", 0) + 1, "started_by": os.getpid(),
            "started_at": time.time(), "url": API_SERVER_URL})
        out(finishing("SkyPilot API server started. "))


def api_server_main(home, idle_seconds):
    """The server process: waits while any client is alive, exits after idle_seconds
    without one, or at once when its record names another server or is gone."""
    os.environ["FAKE_SKY_HOME"] = home
    me = os.getpid()
    d = p_api_server()
    record = os.path.join(d, "server.json")
    clients = os.path.join(d, "clients")
    last_busy = time.time()
    while True:
        time.sleep(0.2)
        rec = read_json(record) if os.path.isdir(d) else None
        if not rec or rec.get("pid") != me:
            return 0
        if _clients_alive(clients):
            last_busy = time.time()
            continue
        if time.time() - last_busy < idle_seconds:
            continue
        with locked("api_server"):
            if _clients_alive(clients):
                last_busy = time.time()
                continue
            rec = read_json(record) or {}
            if rec.get("pid") == me:
                rec.update(pid=None, stopped_at=time.time())
                write_json_atomic(record, rec)
        return 0


def _clients_alive(clients):
    """True while a registered client runs; forgets those that ended."""
    alive = False
    try:
        names = os.listdir(clients)
    except OSError:
        return False
    for name in names:
        if name.isdigit() and pid_alive(int(name)):
            alive = True
        else:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(clients, name))
    return alive
