"""The local API server (docs/skypilot-facts.md#api-server, sky/server/common.py): the first call
that needs it starts it as a child in a NEW SESSION (Popen(start_new_session=True), no double
fork), so it is a descendant of that `sky` process until the process exits, yet not in its session
or process group; later calls reuse it. A wrapper that kills every descendant of a timed-out client
kills it. This one only waits (the fake's requests run in the clients) and exits by itself once no
client has run for FAKE_SKY_API_SERVER_IDLE_SECONDS, so tests leak no processes."""

import contextlib
import json
import os
import subprocess
import sys
import time

from . import COMMIT, MAIN_SCRIPT, VERSION
from .errors import Exit, SkyError
from .output import DIM, INDENT, INDENT_LAST, RESET, YELLOW, err, finishing, out
from .parser import parse_command
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
    (under a lock, as the real client's creation lock). With a remote endpoint no local server
    starts: the client checks that one instead."""
    url = remote_endpoint()
    if url is not None:
        check_remote_api_server(url)
        return
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
    record_server_environment()
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


def record_server_environment():
    """The local server's view of Jenkins' process markers (server-env.json), as it inherited them
    from the client that started it (SkyPilot copies os.environ into the server)."""
    keys = ("JENKINS_URL", "JENKINS_NODE_COOKIE", "BUILD_ID")
    write_json_atomic(os.path.join(p_api_server(), "server-env.json"),
                      {"pid": os.getpid(), "environment": {k: os.environ.get(k) for k in keys}})


# ---------------------------------------------------------------------------
# `sky api info` / `sky api start`, and a remote (team) API server (issue 13).
# With SKYPILOT_API_SERVER_ENDPOINT set to a non-local URL the client starts no
# local server: every request first runs the real client's health check
# (sky/server/common.py, check_server_healthy), whose typed errors the knob
# FAKE_SKY_REMOTE_API=unreachable|unauthorized|server-too-old reproduces word
# for word as the real 0.14.1 client printed them against the real server of
# the test rig (src/build/real_api_server.py). `api info` instead prints its
# one "Could not connect" text, exit 0, for an unreachable server and for a
# refused token alike (sky/client/cli/command.py, api_info).
# ---------------------------------------------------------------------------
SERVICE_ACCOUNT_USER = "ci-bot"


def remote_endpoint():
    """The endpoint when it is not the local server's (then no local server is started)."""
    url = (os.environ.get("SKYPILOT_API_SERVER_ENDPOINT") or "").rstrip("/")
    port = os.environ.get("SKYPILOT_API_SERVER_LOCAL_PORT") or "46580"
    local = [f"http://{h}:{port}" for h in ("0.0.0.0", "localhost", "127.0.0.1", "[::]", "[::1]")]
    return url if url and url not in local else None


def _service_account_token():
    """As sky/client/service_account_auth.py: a token not starting with sky_ is refused."""
    token = os.environ.get("SKYPILOT_SERVICE_ACCOUNT_TOKEN")
    if token and not token.startswith("sky_"):
        err("Traceback (most recent call last):")
        err('  File "/opt/sky/lib/python3.11/site-packages/sky/client/service_account_auth.py", line 24, '
            "in _get_service_account_token")
        err('ValueError: Invalid service account token format. Token must start with "sky_"')
        raise Exit(1)
    return token


def check_remote_api_server(url):
    """check_server_healthy against a remote server, as the FAKE_SKY_REMOTE_API knob says it answers."""
    _service_account_token()
    state = os.environ.get("FAKE_SKY_REMOTE_API")
    if state == "unreachable":
        line = (f"sky.exceptions.ApiServerConnectionError: Could not connect to SkyPilot API server at {url}. "
                f"Please ensure that the server is running. Try: curl {url}/api/health")
        err(line)
        err("")
        err("The above exception was the direct cause of the following exception:")
        err("")
        err(line)
        raise Exit(1)
    if state == "unauthorized":
        raise SkyError("sky.exceptions.ApiServerAuthenticationError",
                       f"Authentication required for SkyPilot API server at {url}. Please run:\n"
                       f"  sky api login -e {url}")
    if state == "server-too-old":
        raise SkyError("sky.exceptions.APIVersionMismatchError",
                       f"{YELLOW}Your SkyPilot API server version is too old: 0.10.0\n{RESET}"
                       f"The client is running on {VERSION} and the minimum compatible version is 0.11.0.\n"
                       "Contact your administrator to upgrade the remote API server or downgrade your "
                       f"client with:\n{YELLOW}pip install -U \"skypilot==0.10.0\"{RESET}")
    if state:
        err(f"fake sky: unknown FAKE_SKY_REMOTE_API={state!r} (unreachable, unauthorized, server-too-old)")
        raise Exit(3)


def cmd_api(argv):
    sub = argv[0] if argv else None
    if sub not in ("info", "start"):
        err(f"fake sky: `sky api {sub or ''}` is not implemented by this fake (only info and start).")
        return 3
    values, _args = parse_command("api " + sub, argv[1:])
    return cmd_api_info(values) if sub == "info" else cmd_api_start(values)


def cmd_api_info(values):
    url = remote_endpoint()
    as_json = values.get("--output") == "json"
    if not as_json:
        out(f"SkyPilot client version: {VERSION}, commit: {COMMIT}")
    if url is None:
        rec = read_json(os.path.join(p_api_server(), "server.json")) or {}
        if not _api_server_alive(rec):
            out("No SkyPilot API server is connected")
            out(f"{INDENT}To connect to an existing API server: sky api login")
            out(f"{INDENT_LAST}To start a local API server: sky api start")
            return 0
        url, server_version, user = API_SERVER_URL, VERSION, os.environ.get("USER", "user")
    else:
        token = _service_account_token()
        state = os.environ.get("FAKE_SKY_REMOTE_API")
        if state in ("unreachable", "unauthorized"):
            out(f"Could not connect to SkyPilot API server at {url}")
            out(f"{INDENT}To re-login to the API server: sky api login --relogin -e {url}")
            out(f"{INDENT_LAST}To logout the server: sky api logout")
            return 0
        server_version = "0.10.0" if state == "server-too-old" else VERSION
        user = SERVICE_ACCOUNT_USER if token else os.environ.get("USER", "user")
    if as_json:
        out(json.dumps({"client": {"version": VERSION, "commit": COMMIT},
                        "server": {"url": url, "status": "healthy", "version": server_version, "commit": COMMIT,
                                   "api_version": "23" if server_version != VERSION else "62"},
                        "user": user}, indent=2))
        return 0
    out(f"Using SkyPilot API server and dashboard: {url}")
    out(f"{INDENT}Status: ApiServerStatus.HEALTHY, commit: {COMMIT}, version: {server_version}")
    out(f"{INDENT}User: {user} (fake0000)")
    out(f"{INDENT_LAST}Endpoint set via the environment variable SKYPILOT_API_SERVER_ENDPOINT"
        if os.environ.get("SKYPILOT_API_SERVER_ENDPOINT") else f"{INDENT_LAST}Endpoint set to default local API server.")
    return 0


def cmd_api_start(values):
    url = remote_endpoint()
    if url is not None:
        raise SkyError("ValueError", f"Unable to start local API server: server endpoint is set to {url}. To start a "
                       "local API server, remove the endpoint from the config file and/or unset the "
                       "SKYPILOT_API_SERVER_ENDPOINT environment variable.")
    ensure_api_server()
    out(f"{INDENT}SkyPilot API server and dashboard: {API_SERVER_URL}")
    out(f"{INDENT_LAST}View API server logs at: ~/.sky/api_server/server.log")
    return 0
