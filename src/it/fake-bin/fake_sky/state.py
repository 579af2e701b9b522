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
    line = json.dumps({"argv": sys.argv[1:], "pid": os.getpid(), "cwd": os.getcwd(),
                       "time": time.time()}) + "\n"
    fd = os.open(os.path.join(home, "calls.log"), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line.encode("utf-8", "surrogatepass"))
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


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
