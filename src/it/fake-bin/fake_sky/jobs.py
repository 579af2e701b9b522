"""Jobs on the fake cluster: ids, records, the detached runner (the cluster's skylet), and the
client's log tail with its exit codes (docs/skypilot-facts.md#exit-codes)."""

import math
import os
import shlex
import signal
import subprocess
import time

from .errors import cluster_does_not_exist
from .output import DIM, INDENT, INDENT_LAST, RED, RESET, enc, finishing, out, out_bytes
from .procs import group_alive, pid_alive, spawn_detached
from .resources import acc_str
from .state import (locked, p_cluster_dir, p_job_dir, p_jobs, p_workdir, read_json, state_home,
                    write_json_atomic)


TERMINAL = ("SUCCEEDED", "FAILED", "FAILED_SETUP", "FAILED_DRIVER", "CANCELLED")
JOB_EXIT = {"SUCCEEDED": 0, "FAILED": 100, "FAILED_SETUP": 100, "FAILED_DRIVER": 100,
            "CANCELLED": 103}
NOT_FINISHED, NOT_FOUND = 101, 102
# Variables a job inherits from the fake's environment: a real cluster does not
# see the developer's environment, so --env/--secret are the only way in.
JOB_ENV_PASSTHROUGH = ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TERM",
                       "TMPDIR", "TZ", "PYENV_ROOT", "PYENV_VERSION"]


def load_job(cluster, job_id):
    return read_json(os.path.join(p_job_dir(cluster, job_id), "job.json"))


def save_job(cluster, rec):
    write_json_atomic(os.path.join(p_job_dir(cluster, rec["job_id"]), "job.json"), rec)


def list_job_ids(cluster):
    try:
        return sorted(int(d) for d in os.listdir(p_jobs(cluster)) if d.isdigit())
    except FileNotFoundError:
        return []


def job_status(cluster, job_id):
    """The job's status; a non-terminal job whose runner died becomes FAILED_DRIVER."""
    rec = load_job(cluster, job_id)
    if rec is None or rec["status"] in TERMINAL or pid_alive(rec.get("runner_pid")):
        return rec
    with locked(f"jobs-{cluster}"):
        rec = load_job(cluster, job_id)  # the runner may have finished meanwhile
        if rec is not None and rec["status"] not in TERMINAL and not pid_alive(rec.get("runner_pid")):
            rec["status"] = "FAILED_DRIVER"
            rec["end_at"] = time.time()
            try:
                save_job(cluster, rec)
            except OSError:
                pass
    return rec


def kill_group(pgid, grace=2.0):
    """SIGTERM the job's process group, SIGKILL whatever is left after `grace` s."""
    if not pgid:
        return
    try:
        os.killpg(pgid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        return
    deadline = time.time() + grace
    while time.time() < deadline:
        if not group_alive(pgid):
            return
        time.sleep(0.05)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        return
    # SIGKILL is not instant: a loaded machine may show the members alive for a moment. Return once they are
    # gone (bounded), so that a caller that checks right after `sky cancel` sees the group empty.
    deadline = time.time() + 10
    while time.time() < deadline and group_alive(pgid):
        time.sleep(0.02)


def build_job_script(cluster, envs, gpus):
    """The bash script of a job (log_lib.make_task_bash_script, docs/skypilot-facts.md#entrypoint),
    minus conda/bashrc."""
    lines = [f"cd {shlex.quote(p_workdir(cluster))}", "export PYTHONUNBUFFERED=1"]
    count = 0 if gpus is None else gpus[1]
    n_gpus = int(math.ceil(count)) if count else 0
    lines.append(f"export SKYPILOT_NUM_GPUS_PER_NODE={n_gpus}")
    lines += ["export SKYPILOT_NODE_RANK=0", "export SKYPILOT_NUM_NODES=1",
              "export SKYPILOT_NODE_IPS=127.0.0.1"]
    # Ray sets CUDA_VISIBLE_DEVICES to the allocated GPUs, or to "" without a GPU
    # demand (docs/skypilot-facts.md#job-environment). TPUs are not Ray GPUs.
    if gpus is not None and "tpu" not in gpus[0].lower() and count:
        devices = ",".join(str(i) for i in range(max(1, int(math.ceil(count)))))
    else:
        devices = ""
    lines.append(f"export CUDA_VISIBLE_DEVICES={shlex.quote(devices) if devices else ''}")
    # User variables last, so `--env CUDA_VISIBLE_DEVICES=0` overrides Ray's value.
    for key, value in envs.items():
        lines.append(f"export {key}={shlex.quote(str(value))}")
    return "\n".join(lines) + "\n"


def submit_job(cluster, run_cmd, job_name, envs, secret_names, gpus):
    """Allocate the next job id, start the job detached, and return its id."""
    os.makedirs(p_jobs(cluster), exist_ok=True)
    with locked(f"jobs-{cluster}"):
        ids = list_job_ids(cluster)
        job_id = (ids[-1] + 1) if ids else 1
        jdir = p_job_dir(cluster, job_id)
        os.makedirs(jdir)
        rec = {"job_id": job_id, "job_name": job_name, "cluster": cluster, "status": "PENDING",
               "username": os.environ.get("USER", "user"), "submitted_at": time.time(),
               "start_at": None, "end_at": None, "returncode": None, "runner_pid": None,
               "pid": None, "pgid": None,
               "resources": f"1x[{acc_str(gpus)}]" if gpus else "1x[CPU:0.5]",
               "gpus": acc_str(gpus), "run": run_cmd,
               # Names only: values never go to the state dir.
               "env_names": sorted(k for k in envs if k not in secret_names),
               "secret_names": sorted(secret_names)}
        save_job(cluster, rec)
    script = build_job_script(cluster, envs, gpus) + (run_cmd or "") + "\n"
    runner_pid = spawn_detached(_run_job, state_home(), cluster, job_id, job_name, script)
    with locked(f"jobs-{cluster}"):
        rec = load_job(cluster, job_id)
        if rec is not None and rec.get("runner_pid") is None:
            rec["runner_pid"] = runner_pid
            save_job(cluster, rec)
    return job_id


def _run_job(home, cluster, job_id, job_name, script):
    """The job runner (the cluster's 'skylet'): runs bash in its own session, writes
    its merged output prefixed line by line into run.log, then records the result."""
    os.environ["FAKE_SKY_HOME"] = home
    jdir = p_job_dir(cluster, job_id)
    log_path = os.path.join(jdir, "run.log")
    env = {k: v for k, v in os.environ.items()
           if k in JOB_ENV_PASSTHROUGH or k.startswith("LC_")}
    for extra in os.environ.get("FAKE_SKY_JOB_ENV_PASSTHROUGH", "").split(","):
        if extra.strip() and extra.strip() in os.environ:
            env[extra.strip()] = os.environ[extra.strip()]
    # What the cluster's image has first on its PATH (the ITs put the real uv there).
    prepend = os.environ.get("FAKE_SKY_JOB_PATH_PREPEND", "")
    if prepend:
        env["PATH"] = prepend + (os.pathsep + env["PATH"] if env.get("PATH") else "")
    home_dir = p_cluster_dir(cluster)  # the cluster's "~"
    os.makedirs(home_dir, exist_ok=True)
    log = open(log_path, "ab", buffering=0)
    log.write(enc(f"{INDENT}{DIM}Waiting for task resources on 1 node.{RESET}\n"))
    r, w = os.pipe()
    with locked(f"jobs-{cluster}"):
        rec = load_job(cluster, job_id)
        if rec is None or rec["status"] in TERMINAL:  # cancelled while pending
            return
        proc = subprocess.Popen(["bash", "-c", script], stdin=subprocess.DEVNULL, stdout=w,
                                stderr=w, cwd=home_dir, env=env, start_new_session=True)
        rec.update(status="RUNNING", start_at=time.time(), pid=proc.pid, pgid=proc.pid,
                   runner_pid=os.getpid())
        save_job(cluster, rec)
    os.close(w)
    log.write(enc(f"{INDENT_LAST}Job started. Streaming logs... {DIM}(Ctrl-C to exit log "
                   f"streaming; job will not be killed){RESET}\n"))
    prefix = enc(f"({job_name}, pid={proc.pid}) ")
    _pump(r, proc, log, prefix)
    rc = proc.wait()
    if rc < 0:
        rc = 128 - rc  # killed by a signal, as a shell reports it
    # SkyPilot kills what the job left behind in its process group.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        with locked(f"jobs-{cluster}"):
            rec = load_job(cluster, job_id)
            if rec is None:
                return  # the cluster was torn down
            if rec["status"] not in TERMINAL:  # cancel/stop may have decided already
                # SkyPilot #8928: a job whose script failed can be reported SUCCEEDED.
                lies = os.environ.get("FAKE_SKY_JOB_STATUS_LIES") == "1"
                if rc != 0 and not lies:
                    log.write(enc(f"ERROR: {RED}Job {job_id} failed with return code list:"
                                   f"{RESET} [{rc}] \n"))
                rec["status"] = "SUCCEEDED" if rc == 0 or lies else "FAILED"
                rec["end_at"] = time.time()
            rec["returncode"] = rc
            log.close()
            save_job(cluster, rec)
    except OSError:
        pass


def _pump(fd, proc, log, prefix):
    """Copy the job's output into run.log as bytes, one prefixed line at a time. After
    bash exits, give stray writers one quiet second before closing the pipe."""
    import select
    buf = b""
    quiet_since = exited_at = None
    while True:
        if exited_at and time.time() - exited_at > 3.0:
            break  # a chatty orphan must not keep the job open forever
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            buf += chunk
            quiet_since = None
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                log.write(prefix + line + b"\n")
        if proc.poll() is not None:
            exited_at = exited_at or time.time()
        if not ready and proc.poll() is not None:
            quiet_since = quiet_since or time.time()
            if time.time() - quiet_since > 1.0:
                break
    if buf:
        log.write(prefix + buf + b"\n")
    os.close(fd)


def tail_job(cluster, job_id, follow=True, tail=0):
    """Stream run.log (poll every 20 ms) until the job is terminal and the log is
    drained; returns the JobExitCode (docs/skypilot-facts.md#exit-codes)."""
    log_path = os.path.join(p_job_dir(cluster, job_id), "run.log")
    pos = 0
    if tail > 0:
        data = read_bytes(log_path, 0)
        complete = data.rfind(b"\n") + 1
        lines = data[:complete].split(b"\n")[:-1]  # not splitlines: keep \r inside lines
        out_bytes(b"".join(line + b"\n" for line in lines[-tail:]))
        pos = complete
    while True:
        rec = job_status(cluster, job_id)
        if rec is None:
            raise cluster_does_not_exist(cluster)
        terminal = rec["status"] in TERMINAL
        data = read_bytes(log_path, pos)
        if terminal or not follow:
            out_bytes(data)
            pos += len(data)
            break
        cut = data.rfind(b"\n") + 1
        if cut:
            out_bytes(data[:cut])
            pos += cut
        time.sleep(0.02)
    if rec["status"] in TERMINAL:
        out(finishing(f"Job finished (status: {rec['status']})."))
        return JOB_EXIT[rec["status"]]
    return 0 if not follow else NOT_FINISHED


def read_bytes(path, pos=0):
    """A log's bytes from pos on; none while the file does not exist yet."""
    try:
        with open(path, "rb") as f:
            f.seek(pos)
            return f.read()
    except FileNotFoundError:
        return b""
