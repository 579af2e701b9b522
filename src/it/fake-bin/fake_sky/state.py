"""The state dir: paths, locks, atomic JSON records, calls.log and cluster records.
See README.md next to the package for the layout."""

import contextlib
import fcntl
import json
import os
import sys
import time
import uuid


def state_home():
    return os.path.abspath(os.environ.get("FAKE_SKY_HOME") or os.path.join(os.getcwd(), ".fake-sky"))


def p_clusters():
    return os.path.join(state_home(), "clusters")


def p_cluster_record(name):
    return os.path.join(p_clusters(), name + ".json")


def p_cluster_dir(name):
    return os.path.join(p_clusters(), name)


def p_workdir(name):
    return os.path.join(p_cluster_dir(name), "sky_workdir")


def p_jobs(name):
    return os.path.join(state_home(), "jobs", name)


def p_job_dir(name, job_id):
    return os.path.join(p_jobs(name), str(job_id))


@contextlib.contextmanager
def locked(lock_name):
    """An exclusive fcntl lock on <home>/locks/<lock_name>.lock (a separate file,
    so records can be replaced atomically without losing the lock)."""
    d = os.path.join(state_home(), "locks")
    os.makedirs(d, exist_ok=True)
    fd = os.open(os.path.join(d, lock_name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def write_json_atomic(path, obj):
    tmp = f"{path}.tmp.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def record_call():
    """Append one JSON line per invocation; O_APPEND + flock so parallel fakes never
    interleave or lose lines."""
    home = state_home()
    os.makedirs(home, exist_ok=True)
    rec = {"argv": sys.argv[1:], "pid": os.getpid(), "cwd": os.getcwd(), "time": time.time()}
    rec.update(_task_file(sys.argv[1:]))
    line = json.dumps(rec) + "\n"
    fd = os.open(os.path.join(home, "calls.log"), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line.encode("utf-8", "surrogatepass"))
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _task_file(argv):
    """For `sky jobs launch <task.yaml>`: the task file's path and text, because a caller may delete it once the
    job is submitted (the real controller keeps its own copy) and the conformance check loads it later."""
    if argv[:2] != ["jobs", "launch"]:
        return {}
    for arg in argv[2:]:
        if arg.endswith((".yaml", ".yml")) and os.path.isfile(arg):
            with open(arg, encoding="utf-8") as f:
                return {"task_yaml_path": arg, "task_yaml": f.read()}
    return {}


def record_team_env():
    """One JSON line per call in team-env.log: which endpoint the call was given, and the SHA-256 of
    its token and of the values of the secrets it passes on (never a value), so tests can check
    what reached sky through its environment. Only calls with an endpoint, a token or a secret."""
    argv = sys.argv[1:]
    if not (os.environ.get("SKYPILOT_API_SERVER_ENDPOINT") or os.environ.get("SKYPILOT_SERVICE_ACCOUNT_TOKEN")
            or "--secret" in argv):
        return  # nothing to record: most calls pay nothing
    import hashlib  # here: the calls that record nothing do not import it

    def sha(value):
        return None if value is None else hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    secrets = {}
    for i, a in enumerate(argv):
        if a == "--":
            break
        if a == "--secret" and i + 1 < len(argv) and "=" not in argv[i + 1]:
            secrets[argv[i + 1]] = sha(os.environ.get(argv[i + 1]))
    line = json.dumps({"argv": argv[:2], "endpoint": os.environ.get("SKYPILOT_API_SERVER_ENDPOINT"),
                       "token_sha256": sha(os.environ.get("SKYPILOT_SERVICE_ACCOUNT_TOKEN")),
                       "no_local_server": os.environ.get("SKYPILOT_DISABLE_LOCAL_API_SERVER"),
                       "secrets_sha256": secrets}) + "\n"
    os.makedirs(state_home(), exist_ok=True)
    with open(os.path.join(state_home(), "team-env.log"), "a", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.write(line)


def load_cluster(name):
    """A cluster record, with defaults for the fields a hand-written record omits."""
    path = p_cluster_record(name)
    raw = read_json(path)
    if raw is None:
        return None
    rec = dict(raw)
    rec.setdefault("name", name)
    rec["status"] = str(rec.get("status") or "UP").upper()
    rec.setdefault("accelerators", None)
    rec.setdefault("use_spot", False)
    rec.setdefault("infra", None)
    rec.setdefault("num_nodes", 1)
    rec.setdefault("autostop", -1)
    rec.setdefault("to_down", False)
    if not rec.get("launched_at"):
        try:
            rec["launched_at"] = int(os.path.getmtime(path))
        except OSError:
            rec["launched_at"] = int(time.time())
    rec.setdefault("last_creation_yaml", None)
    rec.setdefault("last_creation_command", None)
    return rec


def save_cluster(rec):
    os.makedirs(p_clusters(), exist_ok=True)
    write_json_atomic(p_cluster_record(rec["name"]), rec)


def list_cluster_names():
    try:
        names = [f[:-5] for f in os.listdir(p_clusters()) if f.endswith(".json")]
    except FileNotFoundError:
        return []
    return sorted(names)


def match_clusters(patterns):
    """Existing cluster names matching the given names or glob patterns
    (docs/skypilot-facts.md#cli-basics)."""
    import fnmatch
    existing = list_cluster_names()
    result = []
    for pat in patterns:
        if any(c in pat for c in "*?["):
            result += [n for n in existing if fnmatch.fnmatchcase(n, pat) and n not in result]
        elif pat in existing and pat not in result:
            result.append(pat)
    return result
