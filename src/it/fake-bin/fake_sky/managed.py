"""Managed jobs (`sky jobs ...`) as SkyPilot 0.14.1 runs them: the jobs' records, the jobs
controller (one detached process per job), following a job's log, and the queue table. The
commands themselves are in cmd_managed.

Facts from SkyPilot 0.14.1's sources (sky/client/cli/command.py `jobs_*`, sky/jobs/utils.py
`stream_logs_by_id`, `cancel_jobs_by_id`, `format_job_table`, sky/jobs/server/core.py `launch`,
sky/jobs/state.py `ManagedJobStatus`, sky/exceptions.py `JobExitCode.from_managed_job_status`) and
docs/skypilot-facts.md#exit-codes.

State, under the fake's state dir:
  managed/jobs/<id>/job.json      the managed job (ids from 1, global, allocated under a lock)
  managed/jobs/<id>/workdir/      the workdir as uploaded at `sky jobs launch`
  managed/jobs/<id>/run.log       the job's log once an attempt ended (all attempts, in order)
  managed/jobs/<id>/controller.log  what the controller did (`sky jobs logs --controller`)
  managed/controller.json         the jobs controller exists (after the first launch)

A job runs on a job cluster named `<job name>-<id>` (SkyPilot's generate_managed_job_cluster_name),
which is NOT a cluster record: `sky status` lists no job clusters, as the real one hides them. A
detached controller process (the daemon double fork) submits the job there as a cluster job,
watches it, recovers it when `FAKE_SKY_JOBS_PREEMPT_AT` preempts the first attempt, and records
the managed status.

Knobs (environment of `sky jobs launch`, inherited by the controller):
  FAKE_SKY_JOBS_PREEMPT_AT=<text>   the first attempt's cluster is preempted once its output holds
                                    <text>: RECOVERING, then a new cluster runs the job from the start
  FAKE_SKY_JOBS_NO_RESOURCE=<why>   no cloud has the resources: FAILED_NO_RESOURCE, failure reason <why>
  FAKE_SKY_JOBS_START_SECONDS=<s>   how long STARTING (and RECOVERING) take (default 0.3)
"""

import os
import shutil
import time

from .errors import SkyError
from .jobs import TERMINAL as JOB_TERMINAL
from .jobs import job_status, kill_group, load_job, read_bytes, save_job, submit_job
from .output import RESET, YELLOW, finishing, out, out_bytes, readable_ago, table_lines
from .procs import spawn_detached
from .resources import acc_str
from .state import (locked, p_cluster_dir, p_job_dir, p_jobs, p_workdir, read_json, state_home,
                    write_json_atomic)
from .sync import sync_workdir


TERMINAL = ("SUCCEEDED", "FAILED", "FAILED_SETUP", "FAILED_PRECHECKS", "FAILED_NO_RESOURCE",
            "FAILED_CONTROLLER", "CANCELLED")


FAILED = ("FAILED", "FAILED_SETUP", "FAILED_PRECHECKS", "FAILED_NO_RESOURCE", "FAILED_CONTROLLER")
# exceptions.JobExitCode.from_managed_job_status
SUCCEEDED_EXIT, FAILED_EXIT, NOT_FINISHED_EXIT, NOT_FOUND_EXIT, CANCELLED_EXIT = 0, 100, 101, 102, 103
# The fake's jobs controller cluster (the real name carries the user hash).


CONTROLLER_NAME = "sky-jobs-controller-fake0000"
# The controller cluster numbers its own jobs (one per managed job it runs); the real ids are not the
# managed ids either. They differ here on purpose, so a caller cannot take one for the other.


CONTROLLER_JOB_ID_OFFSET = 100


NO_CONTROLLER = "No in-progress managed jobs."


STATUS_COLORS = {"SUCCEEDED": "\x1b[32m", "RUNNING": "\x1b[32m", "RECOVERING": "\x1b[36m",
                 "CANCELLED": "\x1b[33m", "CANCELLING": "\x1b[33m"}


# ---------------------------------------------------------------------------
# State
# ---------------------------------------------------------------------------
def p_managed():
    return os.path.join(state_home(), "managed")


def p_job(job_id):
    return os.path.join(p_managed(), "jobs", str(job_id))


def load(job_id):
    return read_json(os.path.join(p_job(job_id), "job.json"))


def save(rec):
    write_json_atomic(os.path.join(p_job(rec["job_id"]), "job.json"), rec)


def update(job_id, **fields):
    """Changes a record under the managed-jobs lock; a terminal status is never replaced."""
    with locked("managed-jobs"):
        rec = load(job_id)
        if rec is None:
            return None
        if "status" in fields and rec["status"] in TERMINAL:
            fields = {k: v for k, v in fields.items() if k not in ("status", "end_at", "failure_reason")}
        rec.update(fields)
        save(rec)
        return rec


def job_ids():
    try:
        return sorted(int(d) for d in os.listdir(os.path.join(p_managed(), "jobs")) if d.isdigit())
    except FileNotFoundError:
        return []


def controller_exists():
    return os.path.exists(os.path.join(p_managed(), "controller.json"))


def controller_log(job_id, text):
    with open(os.path.join(p_job(job_id), "controller.log"), "a", encoding="utf-8") as f:
        f.write(time.strftime("%Y-%m-%d %H:%M:%S ") + text + "\n")


def require_controller():
    """Without a jobs controller, `sky jobs cancel/logs` fail (reference §12)."""
    if not controller_exists():
        raise SkyError("sky.exceptions.ClusterNotUpError", NO_CONTROLLER)


# ---------------------------------------------------------------------------
# Submitting a job (sky/jobs/server/core.py launch)
# ---------------------------------------------------------------------------
def submit(task, job_name, recovery):
    """Uploads the workdir, records the job and starts its controller; returns (managed id, controller job id)."""
    os.makedirs(os.path.join(p_managed(), "jobs"), exist_ok=True)
    with locked("managed-jobs"):
        ids = job_ids()
        job_id = (ids[-1] + 1) if ids else 1
        os.makedirs(p_job(job_id))
        envs = dict(task["envs"])
        envs.update(task["secrets"])
        rec = {"job_id": job_id, "task_id": 0, "job_name": job_name, "status": "PENDING",
               "username": os.environ.get("USER", "user"), "submitted_at": time.time(), "start_at": None,
               "end_at": None, "recovery_count": 0, "failure_reason": None,
               "resources": f"1x[{acc_str(task['gpus'])}]" if task["gpus"] else "1x[CPU:1+]",
               "accelerators": acc_str(task["gpus"]), "use_spot": bool(task["use_spot"]),
               "infra": task["infra"], "job_recovery": recovery, "run": task["run"],
               "workdir": task["workdir"], "cluster": None, "cluster_job_id": None, "attempt": 0,
               "controller_pid": None, "controller_job_id": job_id + CONTROLLER_JOB_ID_OFFSET,
               # Names only: values never go to the state dir.
               "env_names": sorted(k for k in task["envs"] if k not in task["secrets"]),
               "secret_names": sorted(task["secrets"])}
        save(rec)
        write_json_atomic(os.path.join(p_managed(), "controller.json"),
                              {"name": CONTROLLER_NAME, "status": "UP"})
    if task["workdir"]:
        sync_workdir(task["workdir"], os.path.join(p_job(job_id), "workdir"),
                         exclude_abs=[state_home()])
    controller_log(job_id, f"Submitted managed job {job_id} (name: {job_name!r}).")
    pid = spawn_detached(_controller, state_home(), job_id, envs, set(task["secrets"]),
                             task["gpus"])
    update(job_id, controller_pid=pid)
    return job_id, rec["controller_job_id"]


# ---------------------------------------------------------------------------
# The controller (a detached process per job)
# ---------------------------------------------------------------------------
def _controller(home, job_id, envs, secret_names, gpus):
    os.environ["FAKE_SKY_HOME"] = home
    start_seconds = float(os.environ.get("FAKE_SKY_JOBS_START_SECONDS") or 0.3)
    preempt_at = os.environ.get("FAKE_SKY_JOBS_PREEMPT_AT")
    no_resource = os.environ.get("FAKE_SKY_JOBS_NO_RESOURCE")
    rec = update(job_id, status="STARTING")
    if rec is None or rec["status"] in TERMINAL:
        return
    time.sleep(start_seconds)
    if no_resource:
        reason = ("Failed to provision all possible launchable resources. Relax the task's resource "
                  f"requirements: 1x {rec['resources']} Reason: {no_resource}")
        controller_log(job_id, f"Failed to launch the job cluster: {reason}")
        update(job_id, status="FAILED_NO_RESOURCE", end_at=time.time(), failure_reason=reason)
        return
    cluster = f"{rec['job_name']}-{job_id}"
    attempt = 0
    while True:
        attempt += 1
        # A new cluster: the old one's jobs and files went with it.
        shutil.rmtree(p_jobs(cluster), ignore_errors=True)
        shutil.rmtree(p_cluster_dir(cluster), ignore_errors=True)
        staged = os.path.join(p_job(job_id), "workdir")
        if os.path.isdir(staged):
            shutil.copytree(staged, p_workdir(cluster), symlinks=True)
        else:
            os.makedirs(p_workdir(cluster), exist_ok=True)
        controller_log(job_id, f"Launched the job cluster {cluster} (attempt {attempt}).")
        cluster_job = submit_job(cluster, rec["run"], rec["job_name"], envs, secret_names, gpus)
        rec = update(job_id, status="RUNNING", cluster=cluster, cluster_job_id=cluster_job,
                     attempt=attempt, **({"start_at": time.time()} if attempt == 1 else {}))
        if rec is None:
            return
        preempted = False
        while True:
            time.sleep(0.05)
            rec = load(job_id)
            job = job_status(cluster, cluster_job)
            if rec is None or rec["status"] in TERMINAL:
                return  # cancelled (the cancel killed the job)
            if job is None:
                break
            if job["status"] in JOB_TERMINAL:
                break
            if preempt_at and attempt == 1 and preempt_at.encode() in read_bytes(_cluster_log(cluster,
                                                                                         cluster_job)):
                # The cluster is gone: its job ends without a result of its own (no return code line).
                with locked(f"jobs-{cluster}"):
                    job = load_job(cluster, cluster_job)
                    job["status"], job["end_at"] = "FAILED_DRIVER", time.time()
                    save_job(cluster, job)
                kill_group(job.get("pgid"))
                preempted = True
                break
        _archive(job_id, cluster, cluster_job)
        if preempted:
            controller_log(job_id, f"The job cluster {cluster} was preempted; recovering.")
            update(job_id, status="RECOVERING", recovery_count=attempt)
            time.sleep(start_seconds)
            continue
        status = {"SUCCEEDED": "SUCCEEDED", "CANCELLED": "CANCELLED"}.get((job or {}).get("status"), "FAILED")
        reason = None
        if status == "FAILED":
            reason = f"Job {cluster_job} on {cluster} failed with return code {(job or {}).get('returncode')}."
        controller_log(job_id, f"Job finished with status {status}.")
        update(job_id, status=status, end_at=time.time(), failure_reason=reason)
        return


def _cluster_log(cluster, cluster_job):
    return os.path.join(p_job_dir(cluster, cluster_job), "run.log")


def _archive(job_id, cluster, cluster_job):
    """Keeps the attempt's log for `sky jobs logs` of the finished job."""
    with open(os.path.join(p_job(job_id), "run.log"), "ab") as f:
        f.write(read_bytes(_cluster_log(cluster, cluster_job)))


# ---------------------------------------------------------------------------
# Following a job (sky/jobs/utils.py stream_logs_by_id)
# ---------------------------------------------------------------------------
def stream_logs(job_id, follow=True, tail=0):
    rec = load(job_id)
    if rec is None:
        out(f"Job {job_id} not found.")
        return NOT_FOUND_EXIT
    if rec["status"] in TERMINAL:
        return _print_finished(rec, tail)
    attempt, pos, announced = None, 0, False
    while True:
        rec = load(job_id)
        if rec["status"] in TERMINAL or rec["status"] == "CANCELLING":
            if attempt is not None and rec["status"] != "CANCELLED":
                # The controller recorded the end before this loop read the last of the log: the rest of it.
                if rec["attempt"] != attempt:
                    pos = 0
                out_bytes(read_bytes(_cluster_log(rec["cluster"], rec["cluster_job_id"]), pos))
                job = job_status(rec["cluster"], rec["cluster_job_id"]) or {}
                if job.get("status") in ("SUCCEEDED", "FAILED"):
                    out(finishing(f"Job finished (status: {job['status']})."))
            break
        if rec["status"] != "RUNNING" or rec["cluster_job_id"] is None:
            time.sleep(0.05)  # PENDING, STARTING, RECOVERING: the real client shows a spinner only
            continue
        log = _cluster_log(rec["cluster"], rec["cluster_job_id"])
        if rec["attempt"] != attempt:
            if attempt is not None and not announced:  # recovered between two looks: the old cluster went away
                out(f"{YELLOW}The job cluster is preempted or failed.{RESET}")
            pos = _skip_to_last_lines(log, tail) if tail and attempt is None else 0
            attempt, announced = rec["attempt"], False
        job = job_status(rec["cluster"], rec["cluster_job_id"]) or {}
        done = job.get("status") in JOB_TERMINAL
        data = read_bytes(log, pos)
        cut = len(data) if done else data.rfind(b"\n") + 1
        if cut:
            out_bytes(data[:cut])
            pos += cut
        if not follow:
            break
        if not done:
            time.sleep(0.02)
            continue
        # The cluster job ended: the job's end, or its cluster went away (preemption).
        while True:
            rec = load(job_id)
            if rec["status"] != "RUNNING" or rec["attempt"] != attempt:
                break
            time.sleep(0.05)
        if rec["status"] in TERMINAL:
            if job["status"] in ("SUCCEEDED", "FAILED"):
                out(finishing(f"Job finished (status: {job['status']})."))
            break
        out(f"{YELLOW}The job cluster is preempted or failed.{RESET}")
        announced = True
    rec = load(job_id)
    if not follow and rec["status"] not in TERMINAL:
        return SUCCEEDED_EXIT
    deadline = time.time() + 20
    while rec["status"] not in TERMINAL and time.time() < deadline:
        time.sleep(0.05)
        rec = load(job_id)
    out(finishing(f"Managed job finished: {job_id} (status: {rec['status']})."))
    return exit_code(rec["status"])


def _skip_to_last_lines(path, n):
    data = read_bytes(path)
    complete = data.rfind(b"\n") + 1
    lines = data[:complete].split(b"\n")[:-1]
    return complete - sum(len(line) + 1 for line in lines[-n:])


def _print_finished(rec, tail):
    job_id = rec["job_id"]
    log = os.path.join(p_job(job_id), "run.log")
    if not os.path.exists(log):
        reason = f"\nFailure reason: {rec['failure_reason']}" if rec["status"] in FAILED else ""
        out(f"{YELLOW}Job {job_id} is already in terminal state {rec['status']}. For more details, "
                f"run: sky jobs logs --controller {job_id}{RESET}{reason}")
        return exit_code(rec["status"])
    out_bytes(read_bytes(log, _skip_to_last_lines(log, tail) if tail else 0))
    out(finishing(f"Job finished (status: {rec['status']})."))
    return exit_code(rec["status"])


def exit_code(status):
    if status == "SUCCEEDED":
        return SUCCEEDED_EXIT
    if status == "CANCELLED":
        return CANCELLED_EXIT
    if status in FAILED:
        return FAILED_EXIT
    return NOT_FINISHED_EXIT


# ---------------------------------------------------------------------------
# The queue (sky/jobs/utils.py format_job_table)
# ---------------------------------------------------------------------------
def queue_table_lines(records):
    counts = {}
    for r in records:
        if r["status"] not in TERMINAL:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
    lines = [f"In progress tasks: {', '.join(f'{n} {s}' for s, n in sorted(counts.items()))}" if counts
             else NO_CONTROLLER]
    rows = []
    for r in records:
        end = r["end_at"] or time.time()
        total = f"{int(end - r['submitted_at'])}s"
        job = f"{int(end - r['start_at'])}s" if r["start_at"] else "-"
        status = f"{STATUS_COLORS.get(r['status'], chr(27) + '[31m')}{r['status']}{RESET}"
        rows.append([r["job_id"], "-", r["job_name"], r["resources"], readable_ago(r["submitted_at"]),
                     total, job, r["recovery_count"], status, "-", "-"])
    if rows:
        lines += table_lines(["ID", "TASK", "NAME", "REQUESTED", "SUBMITTED", "TOT. DURATION",
                                   "JOB DURATION", "#RECOVERIES", "STATUS", "PROGRESS", "POOL"], rows)
    return lines


def as_json(r):
    return {"job_id": r["job_id"], "task_id": r["task_id"], "job_name": r["job_name"], "task_name": r["job_name"],
            "status": r["status"], "submitted_at": r["submitted_at"], "start_at": r["start_at"],
            "end_at": r["end_at"], "recovery_count": r["recovery_count"], "failure_reason": r["failure_reason"],
            "resources": r["resources"], "user_name": r["username"]}


def status_section():
    """The `Managed jobs` section of `sky status` (in-progress jobs only)."""
    live = [load(j) for j in reversed(job_ids())]
    live = [r for r in live if r is not None and r["status"] not in TERMINAL]
    if not live:
        return [NO_CONTROLLER]
    return queue_table_lines(live)
