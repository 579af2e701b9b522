#!/usr/bin/env python3
"""The real SkyPilot API server of the test rig, behind a recording reverse proxy on loopback.

Run by `./mvnw verify` (exec-maven-plugin, see pom.xml) with the build's real-tools Python:

    real_api_server.py start --venv target/real-tools/venv --dir target/real-api-server
    real_api_server.py stop  --dir target/real-api-server

`start` returns at once: a detached supervisor (its own session) starts the real server with
`sky api start` (HOME a scratch directory under --dir, loopback, a free port, service accounts
enabled, usage collection off), creates one service-account token through the server's own API,
serves the proxy, and writes <dir>/state.json when all is ready (`"status": "ready"`, or
`"failed"` with the reason). The first start takes a minute or more on a busy machine; the ITs
that need the server wait for state.json.

The proxy listens on 127.0.0.1 and forwards to the server. A request's path starts with
`/<mode>/<tag>`: the tag names the IT (every request is recorded in <dir>/requests.jsonl with
its tag, method, path, the client's version headers and the SHA-256 of its Bearer token, never
the token itself), and the mode says what the proxy does:

    pass        forward as it is
    old-server  forward, and make the server's answers claim SkyPilot 0.10.0 (API version 23):
                the real client sees a server older than it supports (version mismatch)

So an IT points the plugin at `http://127.0.0.1:<proxy port>/pass/<it name>`.

The server never outlives the build: `stop` (post-integration-test) kills the server's session;
and the supervisor itself stops everything when the Maven process that ran `start` is gone (a
failed build, Ctrl+C, kill -9) or after --max-minutes, whichever comes first.
"""

import argparse
import hashlib
import http.client
import http.server
import json
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.request

SERVICE_ACCOUNT_CREATOR = "rig-admin@example.com"
OLD_VERSION = "0.10.0"
OLD_API_VERSION = "23"
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade", "host", "content-length"}


def log(msg):
    print(f"[real-api-server] {msg}", flush=True)


def write_json_atomic(path, obj):
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2)
    os.replace(tmp, path)


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie is gone for our purpose
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def session_members(sid):
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid:  # field 6: session id
            pids.append(int(name))
    return pids


def kill_session(sid, grace=5.0):
    """SIGTERM every process of the server's session, SIGKILL what is left after the grace: its
    executors outlive a SIGTERM of the server alone."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in session_members(sid):
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        deadline = time.time() + grace
        while time.time() < deadline and any(alive(p) for p in session_members(sid)):
            time.sleep(0.2)


def server_pid(port):
    """The server process (`python -m sky.server.server ... --port=<port>`), from /proc."""
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if b"sky.server.server" in argv and f"--port={port}".encode() in argv:
            return int(name)
    return None


# ---------------------------------------------------------------------------
# The recording reverse proxy
# ---------------------------------------------------------------------------
class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream_port = None
    record_path = None
    record_lock = threading.Lock()

    def log_message(self, fmt, *args):  # quiet: the record is the log
        pass

    def _record(self, tag, mode, path, status):
        auth = self.headers.get("Authorization")
        if auth is None:
            token = None
        elif auth.lower().startswith("bearer "):
            token = "bearer-sha256:" + hashlib.sha256(auth.split(" ", 1)[1].encode()).hexdigest()
        else:
            token = auth.split(" ", 1)[0].lower()
        rec = {"time": time.time(), "tag": tag, "mode": mode, "method": self.command, "path": path,
               "status": status, "auth": token, "client_version": self.headers.get("X-SkyPilot-Version"),
               "client_api_version": self.headers.get("X-SkyPilot-API-Version")}
        with Proxy.record_lock, open(Proxy.record_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec) + "\n")

    def _handle(self):
        parts = self.path.split("/", 3)  # "", mode, tag, rest
        if len(parts) < 3 or parts[1] not in ("pass", "old-server"):
            self.send_error(404, "path must start with /pass/<tag> or /old-server/<tag>")
            return
        mode, tag = parts[1], parts[2]
        path = "/" + (parts[3] if len(parts) > 3 else "")
        body = self._body()
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        conn = http.client.HTTPConnection("127.0.0.1", Proxy.upstream_port, timeout=600)
        try:
            conn.request(self.command, path, body=body, headers=headers)
            resp = conn.getresponse()
        except OSError as e:
            self._record(tag, mode, path, f"upstream error: {e}")
            self.send_error(502, f"upstream: {e}")
            return
        self._record(tag, mode, path, resp.status)
        if mode == "old-server" and path.startswith("/api/health") and resp.status == 200:
            self._old_health(resp)
            conn.close()
            return
        self.send_response(resp.status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() in HOP_BY_HOP:
                continue
            if mode == "old-server" and k.lower() == "x-skypilot-api-version":
                v = OLD_API_VERSION
            if mode == "old-server" and k.lower() == "x-skypilot-version":
                v = OLD_VERSION
            self.send_header(k, v)
        # Streams (request logs) have no length: relay them chunk by chunk as they come.
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            while True:
                chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
                if not chunk:
                    break
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass
        finally:
            conn.close()
            self.close_connection = True

    def _body(self):
        """The request body, de-chunked (the client uploads the workdir in chunked requests)."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            data = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(data)
                data += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else None

    def _old_health(self, resp):
        """The health answer of a 0.10.0 server: its version in the body and in the headers."""
        body = json.loads(resp.read())
        body.update(version=OLD_VERSION, version_on_disk=OLD_VERSION, api_version=OLD_API_VERSION)
        data = json.dumps(body).encode()
        self.send_response(200)
        for k, v in resp.getheaders():
            if k.lower() in HOP_BY_HOP:
                continue
            if k.lower() == "x-skypilot-api-version":
                v = OLD_API_VERSION
            if k.lower() == "x-skypilot-version":
                v = OLD_VERSION
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _handle


class ThreadingServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


# ---------------------------------------------------------------------------
# Supervisor
# ---------------------------------------------------------------------------
def server_env(home, port):
    env = dict(os.environ)
    for k in list(env):
        if k.startswith("SKYPILOT_") or k in ("VIRTUAL_ENV",):
            del env[k]
    env.update(HOME=home, SKYPILOT_DISABLE_USAGE_COLLECTION="1", SKYPILOT_API_SERVER_LOCAL_PORT=str(port),
               ENABLE_SERVICE_ACCOUNTS="true", PYTHONUNBUFFERED="1")
    return env


def wait_healthy(port, deadline, pid):
    while time.time() < deadline and alive(pid):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5) as resp:
                if json.load(resp).get("status") == "healthy":
                    return True
        except (OSError, ValueError):
            pass
        time.sleep(1)
    return False


def create_token(port, name):
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/users/service-account-tokens", method="POST",
        data=json.dumps({"token_name": name, "expires_in_days": 0}).encode(),
        headers={"Content-Type": "application/json", "X-Auth-Request-Email": SERVICE_ACCOUNT_CREATOR})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.load(resp)["token"]


def supervise(args):
    d = os.path.abspath(args.dir)
    state_path = os.path.join(d, "state.json")
    home = os.path.join(d, "home")
    os.makedirs(home, exist_ok=True)
    started = time.time()
    state = {"status": "starting", "supervisor_pid": os.getpid(), "maven_pid": args.maven_pid,
             "started_at": started}
    write_json_atomic(state_path, state)
    port = free_port()
    state["server_port"] = port
    sid = None

    def finish(reason):
        # The server may have come up after all, late (a busy machine): find it by its port.
        pid = server_pid(port)
        for session in {sid, os.getsid(pid) if pid else None} - {None}:
            kill_session(session)
        st = read_json(state_path) or state
        st.update(status="stopped" if st.get("status") != "failed" else "failed", stopped_because=reason,
                  stopped_at=time.time())
        write_json_atomic(state_path, st)
        os._exit(0)

    signal.signal(signal.SIGTERM, lambda *_: finish("SIGTERM"))
    try:
        with open(os.path.join(d, "sky-api-start.log"), "w") as out:
            rc = subprocess.call([os.path.join(args.venv, "bin", "sky"), "api", "start", "--port", str(port)],
                                 env=server_env(home, port), cwd=d, stdin=subprocess.DEVNULL, stdout=out,
                                 stderr=subprocess.STDOUT, timeout=args.start_timeout)
        # `sky api start` gives up after 60 s; on a busy machine the server it started comes up later.
        pid = server_pid(port)
        if pid is None or not wait_healthy(port, started + args.start_timeout, pid):
            raise RuntimeError(f"sky api start exited {rc} and no server answers on port {port}; see "
                               f"{d}/sky-api-start.log and {home}/.sky/api_server/server.log")
        sid = os.getsid(pid)
        state.update(server_pid=pid, server_sid=sid, server_url=f"http://127.0.0.1:{port}")
        # A new service account per start: the server's database (HOME) outlives a build until `mvn clean`.
        token_user = f"rig_{int(started)}"
        token = create_token(port, token_user)
        Proxy.upstream_port = port
        Proxy.record_path = os.path.join(d, "requests.jsonl")
        proxy = ThreadingServer(("127.0.0.1", 0), Proxy)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        proxy_url = f"http://127.0.0.1:{proxy.server_address[1]}"
        state.update(status="ready", token=token, token_user=token_user, proxy_url=proxy_url, unreachable_url=f"http://127.0.0.1:{free_port()}",
                     ready_seconds=round(time.time() - started, 1), venv=os.path.abspath(args.venv))
        write_json_atomic(state_path, state)
    except Exception as e:  # noqa: BLE001 -- any failure is written down for the ITs to show
        state.update(status="failed", reason=str(e))
        write_json_atomic(state_path, state)
        finish("failed to start")
    deadline = started + args.max_minutes * 60
    stop_file = os.path.join(d, "stop")
    while True:
        time.sleep(1)
        if os.path.exists(stop_file):
            finish("stop requested")
        if not alive(args.maven_pid):
            finish(f"the Maven process {args.maven_pid} is gone")
        if time.time() > deadline:
            finish(f"--max-minutes {args.max_minutes} passed")
        if not alive(state["server_pid"]):
            st = read_json(state_path) or state
            st.update(status="failed", reason="the server process died; see home/.sky/api_server/server.log")
            write_json_atomic(state_path, st)
            finish("server died")


def start(args):
    d = os.path.abspath(args.dir)
    old = read_json(os.path.join(d, "state.json"))
    if old and old.get("supervisor_pid") and alive(old["supervisor_pid"]):
        stop(args)
    os.makedirs(d, exist_ok=True)
    for name in ("state.json", "stop", "requests.jsonl"):
        try:
            os.remove(os.path.join(d, name))
        except FileNotFoundError:
            pass
    maven_pid = os.getppid()
    with open(os.path.join(d, "supervisor.log"), "w") as out:
        subprocess.Popen([sys.executable, os.path.abspath(__file__), "supervise", "--dir", d, "--venv", args.venv,
                          "--maven-pid", str(maven_pid), "--max-minutes", str(args.max_minutes),
                          "--start-timeout", str(args.start_timeout)],
                         stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                         cwd=d)
    log(f"starting the real SkyPilot API server in the background (state: {d}/state.json); it stops with "
        f"this build (pid {maven_pid})")
    return 0


def stop(args):
    d = os.path.abspath(args.dir)
    state = read_json(os.path.join(d, "state.json"))
    if not state:
        log("not running")
        return 0
    open(os.path.join(d, "stop"), "w").close()
    sup = state.get("supervisor_pid")
    deadline = time.time() + 30
    while sup and alive(sup) and time.time() < deadline:
        time.sleep(0.2)
    if sup and alive(sup):
        os.kill(sup, signal.SIGKILL)
    state = read_json(os.path.join(d, "state.json")) or state
    if state.get("server_sid") and session_members(state["server_sid"]):
        kill_session(state["server_sid"])
    log(f"stopped ({state.get('stopped_because', 'supervisor killed')}); it was "
        f"{state.get('status')}{', ready after %ss' % state['ready_seconds'] if state.get('ready_seconds') else ''}")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("start", "supervise", "stop"):
        s = sub.add_parser(name)
        s.add_argument("--dir", required=True)
        s.add_argument("--venv")
        s.add_argument("--max-minutes", type=float, default=40)
        s.add_argument("--start-timeout", type=float, default=300)
        s.add_argument("--maven-pid", type=int)
    args = p.parse_args()
    if args.cmd == "start":
        return start(args)
    if args.cmd == "supervise":
        return supervise(args)
    return stop(args)


if __name__ == "__main__":
    sys.exit(main())
