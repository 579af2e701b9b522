"""Process helpers: liveness checks that see through zombies, and the daemon double fork."""

import os
import sys


def pid_alive(pid):
    if not pid:
        return True  # not started yet: treat as alive
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def group_alive(pgid):
    """True while the process group has a member that is not a zombie (orphaned
    zombies may wait a while for init to reap them)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        pids = [d for d in os.listdir("/proc") if d.isdigit()]
    except OSError:
        return True
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def spawn_detached(fn, *args):
    """Run fn(*args) in a grandchild that is not our descendant: fork, setsid,
    fork again, and let the middle process exit (the classic daemon double fork).
    The grandchild survives this client being killed and is not in its process
    tree or process group. Returns the grandchild's pid."""
    sys.stdout.flush()
    sys.stderr.flush()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            os.setsid()
            pid2 = os.fork()
            if pid2 == 0:
                os.close(w)
                daemonize()
                try:
                    fn(*args)
                finally:
                    os._exit(0)
            os.write(w, str(pid2).encode())
        finally:
            os._exit(0)
    os.close(w)
    data = b""
    while True:
        chunk = os.read(r, 64)
        if not chunk:
            break
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    return int(data or b"0")


def daemonize():
    # Drop the client's stdio (Maven's pipes would otherwise never see EOF) and
    # every other inherited descriptor.
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    try:
        fds = [int(x) for x in os.listdir("/proc/self/fd")]
    except OSError:
        fds = range(3, 1024)
    for fd in fds:
        if fd > 2:
            try:
                os.close(fd)
            except OSError:
                pass
