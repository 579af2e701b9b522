"""Managed jobs for the fake `sky` (`sky jobs launch/queue/logs/cancel`), as SkyPilot 0.14.1 has them.

Facts from SkyPilot 0.14.1's sources (sky/client/cli/command.py `jobs_*`, sky/jobs/utils.py
`stream_logs_by_id`, `cancel_jobs_by_id`, `format_job_table`, sky/jobs/server/core.py `launch`,
sky/jobs/state.py `ManagedJobStatus`, sky/exceptions.py `JobExitCode.from_managed_job_status`) and
/work/shared/reference/skypilot-cli.md §3.10, §12.

Every function takes `sky`, the fake CLI's module, for its helpers (output, state dir, locks, the
cluster-job machinery): this file holds the managed-jobs logic only.

State, under the fake's state dir:
  managed/jobs/<id>/job.json      the managed job (ids from 1, global, allocated under a lock)
  managed/jobs/<id>/workdir/      the workdir as uploaded at `sky jobs launch`
  managed/jobs/<id>/run.log       the job's log once an attempt ended (all attempts, in order)
  managed/jobs/<id>/controller.log  what the controller did (`sky jobs logs --controller`)
  managed/controller.json         the jobs controller exists (after the first launch)

A job runs on a job cluster named `<job name>-<id>` (SkyPilot's generate_managed_job_cluster_name),
which is NOT a cluster record: `sky status` lists no job clusters, as the real one hides them. A
detached controller process (the fake's double fork) submits the job there as a cluster job,
watches it, recovers it when `FAKE_SKY_JOBS_PREEMPT_AT` preempts the first attempt, and records
the managed status.

Knobs (environment of `sky jobs launch`, inherited by the controller):
  FAKE_SKY_JOBS_PREEMPT_AT=<text>   the first attempt's cluster is preempted once its output holds
                                    <text>: RECOVERING, then a new cluster runs the job from the start
  FAKE_SKY_JOBS_NO_RESOURCE=<why>   no cloud has the resources: FAILED_NO_RESOURCE, failure reason <why>
  FAKE_SKY_JOBS_START_SECONDS=<s>   how long STARTING (and RECOVERING) take (default 0.3)
"""

import json
import os
import re
import shutil
import time

# sky/jobs/state.py ManagedJobStatus
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
# Option tables (sky/client/cli/command.py jobs_launch, jobs_queue, jobs_cancel, jobs_logs)
# ---------------------------------------------------------------------------
def option_tables(sky):
    o = sky._opt
    table = sky._table
    return {
        "jobs launch": table(
            sky._CONFIG, *sky._TASK_OPTIONS_WITH_NAME, *sky._EXTRA_RESOURCES_OPTIONS, sky._ASYNC,
            o("str", "--cluster", "-c", hidden=True, help="Alias for --name, the name of the managed job."),
            o("str", "--job-recovery", help="Recovery strategy to use for managed jobs."),
            o("flag", "--detach-run", "-d", help="Return as soon as the job is submitted."),
            o("str", "--pool", "-p", help="(Experimental; optional) Pool to use for jobs submission."),
            o("int", "--num-jobs", help="Number of jobs to submit."),
            o("str", "--git-url", help="Git repository URL."),
            o("str", "--git-ref", help="Git reference (branch, tag, or commit hash) to use."),
            sky._YES,
        ),
        "jobs queue": table(
            sky._CONFIG,
            o("flag", "--verbose", "-v", help="Show all information in full."),
            o("int", "--limit", "-l", help="Number of jobs to show."),
            o("flag", "--refresh", "-r", help="Query the latest statuses."),
            o("flag", "--skip-finished", help="Show only pending/running jobs' information."),
            o("str", "--since", help="Show only jobs submitted within this time window."),
            o("str", "--after", help="Show only jobs submitted at or after this time."),
            o("str", "--before", help="Show only jobs submitted at or before this time."),
            o("str", "--infra", help="Show only jobs running on this infrastructure."),
            o("flag", "--all-users", "-u", help="Show jobs from all users."),
            o("flag", "--all", "-a", help="Show all jobs."),
            sky._OUTPUT,
        ),
        "jobs cancel": table(
            sky._CONFIG,
            o("str", "--name", "-n", help="Managed job name to cancel."),
            o("str", "--pool", "-p", help="Pool name to cancel."),
            o("str", "--task", help="Cancel one dynamic task of the job."),
            o("flag", "--graceful", help="Wait for MOUNT_CACHED uploads before cancelling."),
            o("int", "--graceful-timeout", help="Timeout in seconds for --graceful."),
            o("flag", "--all", "-a", help="Cancel all managed jobs for the current user."),
            sky._YES,
            o("flag", "--all-users", "-u", help="Cancel all managed jobs from all users."),
        ),
        "jobs logs": table(
            sky._CONFIG,
            o("str", "--name", "-n", help="Managed job name."),
            o("flag", "--follow", off=["--no-follow"], help="Follow the logs of the job."),
            o("flag", "--controller", help="Show the controller logs of this job."),
            o("flag", "--refresh", "-r", help="Query the latest job logs."),
            o("flag", "--sync-down", "-s", help="Download logs for all jobs shown in the queue."),
            o("int", "--tail", help="Number of lines to display from the end of the log file."),
        ),
    }


ARGUMENTS = {
    "jobs launch": [("ENTRYPOINT", True, -1, "str")],
    "jobs queue": [],
    "jobs cancel": [("JOB_IDS", False, -1, "int")],
    # int, converted by the command (the fake's parser converts only nargs=-1 ints)
    "jobs logs": [("JOB_ID", False, 1, "str"), ("TASK", False, 1, "str")],
}

COMMAND_HELP = {
    "jobs launch": "Launch a managed job from a YAML or a command.",
    "jobs queue": "Show statuses of managed jobs.",
    "jobs cancel": "Cancel managed jobs.",
    "jobs logs": "Tail or sync down the log of a managed job.",
}

SUBCOMMANDS = ["launch", "queue", "cancel", "logs"]
# Real `sky jobs` subcommands this fake does not implement.
UNIMPLEMENTED = ["dashboard", "pool"]


# ---------------------------------------------------------------------------
# State
# ---------------------------------------------------------------------------
def p_managed(sky):
    return os.path.join(sky.state_home(), "managed")


def p_job(sky, job_id):
    return os.path.join(p_managed(sky), "jobs", str(job_id))


def load(sky, job_id):
    return sky.read_json(os.path.join(p_job(sky, job_id), "job.json"))


def save(sky, rec):
    sky.write_json_atomic(os.path.join(p_job(sky, rec["job_id"]), "job.json"), rec)


def update(sky, job_id, **fields):
    """Changes a record under the managed-jobs lock; a terminal status is never replaced."""
    with sky.locked("managed-jobs"):
        rec = load(sky, job_id)
        if rec is None:
            return None
        if "status" in fields and rec["status"] in TERMINAL:
            fields = {k: v for k, v in fields.items() if k not in ("status", "end_at", "failure_reason")}
        rec.update(fields)
        save(sky, rec)
        return rec


def job_ids(sky):
    try:
        return sorted(int(d) for d in os.listdir(os.path.join(p_managed(sky), "jobs")) if d.isdigit())
    except FileNotFoundError:
        return []


def controller_exists(sky):
    return os.path.exists(os.path.join(p_managed(sky), "controller.json"))


def controller_log(sky, job_id, text):
    with open(os.path.join(p_job(sky, job_id), "controller.log"), "a", encoding="utf-8") as f:
        f.write(time.strftime("%Y-%m-%d %H:%M:%S ") + text + "\n")


def require_controller(sky):
    """Without a jobs controller, `sky jobs cancel/logs` fail (reference §12)."""
    if not controller_exists(sky):
        raise sky.SkyError("sky.exceptions.ClusterNotUpError", NO_CONTROLLER)


# ---------------------------------------------------------------------------
# Dispatch of `sky jobs ...`
# ---------------------------------------------------------------------------
def run_group(sky, rest):
    """`sky jobs <subcommand> ...`: returns the exit code."""
    if not rest or rest[0] in ("-h", "--help"):
        sky.out(group_help())
        return 0
    sub = rest[0]
    if sub.startswith("-"):
        sky.print_usage_error("jobs", sky.UsageError(sky._no_such_option(sub.split("=", 1)[0], [])))
        return 2
    if sub in UNIMPLEMENTED:
        sky.err(f"fake sky: `sky jobs {sub}` exists in SkyPilot but is not implemented by this fake.")
        return 3
    cmd = f"jobs {sub}"
    if sub not in SUBCOMMANDS:
        sky.err("Usage: sky jobs [OPTIONS] COMMAND [ARGS]...")
        sky.err("Try 'sky jobs -h' for help.")
        sky.err()
        sky.err(f"Error: No such command {sub!r}.")
        return 2
    try:
        values, args = sky.parse_command(cmd, rest[1:])
        sky.ensure_api_server()
        return {"launch": launch, "queue": queue, "cancel": cancel, "logs": logs}[sub](sky, values, args)
    except sky.UsageError as e:
        sky.print_usage_error(cmd, e)
        return 2


def group_help():
    lines = ["Usage: sky jobs [OPTIONS] COMMAND [ARGS]...", "", "  Managed Jobs CLI (jobs with auto-recovery).",
             "", "Options:", "  -h, --help  Show this message and exit.", "", "Commands:"]
    for name in SUBCOMMANDS:
        lines.append(f"  {name:<8} {COMMAND_HELP['jobs ' + name]}")
    return "\n".join(lines)


def _plain(sky, text):
    """click.echo drops the styles in its text when stdout is not a terminal."""
    import sys
    return text if sys.stdout.isatty() else sky._strip_ansi(text)


# ---------------------------------------------------------------------------
# sky jobs launch
# ---------------------------------------------------------------------------
def launch(sky, values, args):
    entrypoint = list(args["ENTRYPOINT"])
    if not entrypoint:
        raise sky.UsageError("Missing argument 'ENTRYPOINT...'.")
    if values["--num-jobs"] is not None and values["--num-jobs"] < 1:
        raise sky.UsageError(f"--num-jobs must be a positive integer. Got: {values['--num-jobs']}.")
    name = values["--name"]
    if values["--cluster"] is not None:
        if name is not None and name != values["--cluster"]:
            raise sky.UsageError("Cannot specify both --name and --cluster. Use one of the flags as they are "
                                 "alias.")
        name = values["--cluster"]
    if values["--pool"] is not None:
        sky.err("fake sky: `sky jobs launch --pool` is not implemented by this fake.")
        return 3
    task = sky.make_task(entrypoint, values, [])
    if name is not None:
        task["name"] = name
    job_name = task["name"] if task["name"] and task["name"] != "sky-cmd" else "sky-cmd"
    if not re.fullmatch(r"[a-zA-Z]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?", job_name):
        raise sky.SkyError("sky.exceptions.InvalidClusterNameError",
                           f"Cluster name {job_name!r} is invalid: ensure it is fully matching regex (e.g., "
                           "only contains lower letters, numbers and dash): [a-zA-Z]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?")
    recovery = values["--job-recovery"]
    if recovery is not None and recovery.upper() not in ("FAILOVER", "EAGER_NEXT_REGION", "NONE"):
        raise sky.SkyError("ValueError", f"Spot recovery strategy {recovery} is not supported. The strategy "
                           "should be among ['FAILOVER', 'EAGER_NEXT_REGION']")
    if not values["--yes"]:
        sky.secho(f"Managed job {job_name!r} will be launched on (estimated):", fg=sky.YELLOW)
        sky.print_optimizer_table(task)
        sky.confirm(f"Launching a managed job {job_name!r}. Proceed?")
    job_id, controller_job_id = _submit(sky, task, job_name, recovery)
    sky.out(f"{sky.YELLOW}Launching managed job {job_name!r} from jobs controller...{sky.RESET}")
    sky.out(sky.starting(f"Job submitted, ID: {sky.BRIGHT}{controller_job_id}{sky.RESET}"))
    if values["--async"]:
        sky.print_async("sky.jobs.launch")
        return 0
    returncode = None
    if not values["--detach-run"]:
        returncode = _tail(sky, job_id, follow=True, tail=0)
    sky.out(_plain(sky, hints(job_id)))
    return returncode if returncode is not None else 0


def hints(job_id):
    bold, reset = "\x1b[1m", "\x1b[0m"
    indent, last = "├── ", "└── "
    return (f"\n📋 Useful Commands"
            f"\nManaged Job ID: {job_id}"
            f"\n{indent}To cancel the job:\t\t{bold}sky jobs cancel {job_id}{reset}"
            f"\n{indent}To stream job logs:\t\t{bold}sky jobs logs {job_id}{reset}"
            f"\n{indent}To stream controller logs:\t{bold}sky jobs logs --controller {job_id}{reset}"
            f"\n{last}To view all managed jobs:\t{bold}sky jobs queue{reset}")


def _submit(sky, task, job_name, recovery):
    """Uploads the workdir, records the job and starts its controller; returns (managed id, controller job id)."""
    os.makedirs(os.path.join(p_managed(sky), "jobs"), exist_ok=True)
    with sky.locked("managed-jobs"):
        ids = job_ids(sky)
        job_id = (ids[-1] + 1) if ids else 1
        os.makedirs(p_job(sky, job_id))
        envs = dict(task["envs"])
        envs.update(task["secrets"])
        rec = {"job_id": job_id, "task_id": 0, "job_name": job_name, "status": "PENDING",
               "username": os.environ.get("USER", "user"), "submitted_at": time.time(), "start_at": None,
               "end_at": None, "recovery_count": 0, "failure_reason": None,
               "resources": f"1x[{sky.acc_str(task['gpus'])}]" if task["gpus"] else "1x[CPU:1+]",
               "accelerators": sky.acc_str(task["gpus"]), "use_spot": bool(task["use_spot"]),
               "infra": task["infra"], "job_recovery": recovery, "run": task["run"],
               "workdir": task["workdir"], "cluster": None, "cluster_job_id": None, "attempt": 0,
               "controller_pid": None, "controller_job_id": job_id + CONTROLLER_JOB_ID_OFFSET,
               # Names only: values never go to the state dir.
               "env_names": sorted(k for k in task["envs"] if k not in task["secrets"]),
               "secret_names": sorted(task["secrets"])}
        save(sky, rec)
        sky.write_json_atomic(os.path.join(p_managed(sky), "controller.json"),
                              {"name": CONTROLLER_NAME, "status": "UP"})
    if task["workdir"]:
        sky.sync_workdir(task["workdir"], os.path.join(p_job(sky, job_id), "workdir"),
                         exclude_abs=[sky.state_home()])
    controller_log(sky, job_id, f"Submitted managed job {job_id} (name: {job_name!r}).")
    pid = sky.spawn_detached(_controller, sky, sky.state_home(), job_id, envs, set(task["secrets"]),
                             task["gpus"])
    update(sky, job_id, controller_pid=pid)
    return job_id, rec["controller_job_id"]


# ---------------------------------------------------------------------------
# The controller (a detached process per job)
# ---------------------------------------------------------------------------
def _controller(sky, home, job_id, envs, secret_names, gpus):
    os.environ["FAKE_SKY_HOME"] = home
    start_seconds = float(os.environ.get("FAKE_SKY_JOBS_START_SECONDS") or 0.3)
    preempt_at = os.environ.get("FAKE_SKY_JOBS_PREEMPT_AT")
    no_resource = os.environ.get("FAKE_SKY_JOBS_NO_RESOURCE")
    rec = update(sky, job_id, status="STARTING")
    if rec is None or rec["status"] in TERMINAL:
        return
    time.sleep(start_seconds)
    if no_resource:
        reason = ("Failed to provision all possible launchable resources. Relax the task's resource "
                  f"requirements: 1x {rec['resources']} Reason: {no_resource}")
        controller_log(sky, job_id, f"Failed to launch the job cluster: {reason}")
        update(sky, job_id, status="FAILED_NO_RESOURCE", end_at=time.time(), failure_reason=reason)
        return
    cluster = f"{rec['job_name']}-{job_id}"
    attempt = 0
    while True:
        attempt += 1
        # A new cluster: the old one's jobs and files went with it.
        shutil.rmtree(sky.p_jobs(cluster), ignore_errors=True)
        shutil.rmtree(sky.p_cluster_dir(cluster), ignore_errors=True)
        staged = os.path.join(p_job(sky, job_id), "workdir")
        if os.path.isdir(staged):
            shutil.copytree(staged, sky.p_workdir(cluster), symlinks=True)
        else:
            os.makedirs(sky.p_workdir(cluster), exist_ok=True)
        controller_log(sky, job_id, f"Launched the job cluster {cluster} (attempt {attempt}).")
        cluster_job = sky.submit_job(cluster, rec["run"], rec["job_name"], envs, secret_names, gpus)
        rec = update(sky, job_id, status="RUNNING", cluster=cluster, cluster_job_id=cluster_job,
                     attempt=attempt, **({"start_at": time.time()} if attempt == 1 else {}))
        if rec is None:
            return
        preempted = False
        while True:
            time.sleep(0.05)
            rec = load(sky, job_id)
            job = sky.job_status(cluster, cluster_job)
            if rec is None or rec["status"] in TERMINAL:
                return  # cancelled (the cancel killed the job)
            if job is None:
                break
            if job["status"] in sky.TERMINAL:
                break
            if preempt_at and attempt == 1 and preempt_at.encode() in _read(_cluster_log(sky, cluster,
                                                                                         cluster_job)):
                # The cluster is gone: its job ends without a result of its own (no return code line).
                with sky.locked(f"jobs-{cluster}"):
                    job = sky.load_job(cluster, cluster_job)
                    job["status"], job["end_at"] = "FAILED_DRIVER", time.time()
                    sky.save_job(cluster, job)
                sky.kill_group(job.get("pgid"))
                preempted = True
                break
        _archive(sky, job_id, cluster, cluster_job)
        if preempted:
            controller_log(sky, job_id, f"The job cluster {cluster} was preempted; recovering.")
            update(sky, job_id, status="RECOVERING", recovery_count=attempt)
            time.sleep(start_seconds)
            continue
        status = {"SUCCEEDED": "SUCCEEDED", "CANCELLED": "CANCELLED"}.get((job or {}).get("status"), "FAILED")
        reason = None
        if status == "FAILED":
            reason = f"Job {cluster_job} on {cluster} failed with return code {(job or {}).get('returncode')}."
        controller_log(sky, job_id, f"Job finished with status {status}.")
        update(sky, job_id, status=status, end_at=time.time(), failure_reason=reason)
        return


def _cluster_log(sky, cluster, cluster_job):
    return os.path.join(sky.p_job_dir(cluster, cluster_job), "run.log")


def _read(path, pos=0):
    try:
        with open(path, "rb") as f:
            f.seek(pos)
            return f.read()
    except FileNotFoundError:
        return b""


def _archive(sky, job_id, cluster, cluster_job):
    """Keeps the attempt's log for `sky jobs logs` of the finished job."""
    with open(os.path.join(p_job(sky, job_id), "run.log"), "ab") as f:
        f.write(_read(_cluster_log(sky, cluster, cluster_job)))


# ---------------------------------------------------------------------------
# Following a job (sky/jobs/utils.py stream_logs_by_id)
# ---------------------------------------------------------------------------
def _tail(sky, job_id, follow=True, tail=0):
    rec = load(sky, job_id)
    if rec is None:
        sky.out(f"Job {job_id} not found.")
        return NOT_FOUND_EXIT
    if rec["status"] in TERMINAL:
        return _print_finished(sky, rec, tail)
    attempt, pos, announced = None, 0, False
    while True:
        rec = load(sky, job_id)
        if rec["status"] in TERMINAL or rec["status"] == "CANCELLING":
            if attempt is not None and rec["status"] != "CANCELLED":
                # The controller recorded the end before this loop read the last of the log: the rest of it.
                if rec["attempt"] != attempt:
                    pos = 0
                sky.out_bytes(_read(_cluster_log(sky, rec["cluster"], rec["cluster_job_id"]), pos))
                job = sky.job_status(rec["cluster"], rec["cluster_job_id"]) or {}
                if job.get("status") in ("SUCCEEDED", "FAILED"):
                    sky.out(sky.finishing(f"Job finished (status: {job['status']})."))
            break
        if rec["status"] != "RUNNING" or rec["cluster_job_id"] is None:
            time.sleep(0.05)  # PENDING, STARTING, RECOVERING: the real client shows a spinner only
            continue
        log = _cluster_log(sky, rec["cluster"], rec["cluster_job_id"])
        if rec["attempt"] != attempt:
            if attempt is not None and not announced:  # recovered between two looks: the old cluster went away
                sky.out(f"{sky.YELLOW}The job cluster is preempted or failed.{sky.RESET}")
            pos = _skip_to_last_lines(log, tail) if tail and attempt is None else 0
            attempt, announced = rec["attempt"], False
        job = sky.job_status(rec["cluster"], rec["cluster_job_id"]) or {}
        done = job.get("status") in sky.TERMINAL
        data = _read(log, pos)
        cut = len(data) if done else data.rfind(b"\n") + 1
        if cut:
            sky.out_bytes(data[:cut])
            pos += cut
        if not follow:
            break
        if not done:
            time.sleep(0.02)
            continue
        # The cluster job ended: the job's end, or its cluster went away (preemption).
        while True:
            rec = load(sky, job_id)
            if rec["status"] != "RUNNING" or rec["attempt"] != attempt:
                break
            time.sleep(0.05)
        if rec["status"] in TERMINAL:
            if job["status"] in ("SUCCEEDED", "FAILED"):
                sky.out(sky.finishing(f"Job finished (status: {job['status']})."))
            break
        sky.out(f"{sky.YELLOW}The job cluster is preempted or failed.{sky.RESET}")
        announced = True
    rec = load(sky, job_id)
    if not follow and rec["status"] not in TERMINAL:
        return SUCCEEDED_EXIT
    deadline = time.time() + 20
    while rec["status"] not in TERMINAL and time.time() < deadline:
        time.sleep(0.05)
        rec = load(sky, job_id)
    sky.out(sky.finishing(f"Managed job finished: {job_id} (status: {rec['status']})."))
    return exit_code(rec["status"])


def _skip_to_last_lines(path, n):
    data = _read(path)
    complete = data.rfind(b"\n") + 1
    lines = data[:complete].split(b"\n")[:-1]
    return complete - sum(len(line) + 1 for line in lines[-n:])


def _print_finished(sky, rec, tail):
    job_id = rec["job_id"]
    log = os.path.join(p_job(sky, job_id), "run.log")
    if not os.path.exists(log):
        reason = f"\nFailure reason: {rec['failure_reason']}" if rec["status"] in FAILED else ""
        sky.out(f"{sky.YELLOW}Job {job_id} is already in terminal state {rec['status']}. For more details, "
                f"run: sky jobs logs --controller {job_id}{sky.RESET}{reason}")
        return exit_code(rec["status"])
    sky.out_bytes(_read(log, _skip_to_last_lines(log, tail) if tail else 0))
    sky.out(sky.finishing(f"Job finished (status: {rec['status']})."))
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
# sky jobs logs
# ---------------------------------------------------------------------------
def logs(sky, values, args):
    job_id = _int_argument(sky, args["JOB_ID"], "JOB_ID")
    follow = values["--follow"] is not False
    if values["--sync-down"] and values["--tail"] is not None and values["--tail"] > 0:
        raise sky.UsageError("--tail is not supported with --sync-down. Use `sky jobs logs --no-follow --tail N "
                             "<id>` to view the tail, or redirect stdout to save it to a file.")
    tail = values["--tail"]
    if tail is None:  # _apply_default_tail: the implicit default, with a hint, only when following
        if follow and not values["--sync-down"]:
            sky.err("Showing the last 1000 lines (default). Pass --tail 0 to print the entire log.")
        tail = 1000 if follow else 0
    require_controller(sky)
    if job_id is None and values["--name"] is not None:
        named = [j for j in job_ids(sky) if (load(sky, j) or {}).get("job_name") == values["--name"]]
        if not named:
            sky.out(f"No managed job found with name {values['--name']!r}.")
            return NOT_FOUND_EXIT
        job_id = named[-1]
    if job_id is None:
        ids = job_ids(sky)
        if not ids:
            sky.out("No managed job found.")
            return NOT_FOUND_EXIT
        job_id = ids[-1]
    if values["--controller"]:
        rec = load(sky, job_id)
        if rec is None:
            sky.out(f"Job {job_id} not found.")
            return NOT_FOUND_EXIT
        sky.out_bytes(_read(os.path.join(p_job(sky, job_id), "controller.log")))
        return exit_code(rec["status"]) if rec["status"] in TERMINAL else SUCCEEDED_EXIT
    if values["--sync-down"]:
        sky.out(f"{sky.CYAN}Job {job_id} logs: {os.path.join(p_job(sky, job_id), 'run.log')}{sky.RESET}")
        return 0
    return _tail(sky, job_id, follow=follow, tail=max(tail, 0))


def _int_argument(sky, raw, metavar):
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise sky.UsageError(f"Invalid value for '[{metavar}]': {raw!r} is not a valid integer.") from None


# ---------------------------------------------------------------------------
# sky jobs cancel (sky/jobs/utils.py cancel_jobs_by_id)
# ---------------------------------------------------------------------------
def cancel(sky, values, args):
    ids = list(args["JOB_IDS"])
    name, pool = values["--name"], values["--pool"]
    every = values["--all"] or values["--all-users"]
    if values["--task"] is not None and (len(ids) != 1 or name is not None or pool is not None or every):
        raise sky.UsageError("--task takes exactly one JOB_ID and no --name, --pool, --all or --all-users.")
    if sum([bool(ids), name is not None, pool is not None, bool(every)]) != 1:
        given = []
        given += [f"--job-ids {','.join(map(str, ids))}"] if ids else []
        given += [f"--name {name}"] if name is not None else []
        given += [f"--pool {pool}"] if pool is not None else []
        given += ["--all"] if values["--all"] else []
        given += ["--all-users"] if values["--all-users"] else []
        raise sky.UsageError("Can only specify one of JOB_IDS, --name, --pool, or --all/--all-users. "
                             f"Provided {' '.join(given)!r}.")
    if not values["--yes"]:
        plural = "s" if len(ids) > 1 else ""
        what = (f"managed job{plural} with ID{plural} {','.join(map(str, ids))}" if ids
                else f"{name!r}" if name is not None else f"managed jobs in pool {pool!r}")
        if values["--all-users"]:
            what = "all managed jobs FOR ALL USERS"
        elif values["--all"]:
            what = "all managed jobs"
        sky.confirm(f"Cancelling {what}. Proceed?")
    require_controller(sky)
    if pool is not None:
        sky.out("No job to cancel.")
        return 0
    if name is not None:
        live = [j for j in job_ids(sky) if (load(sky, j) or {}).get("job_name") == name
                and load(sky, j)["status"] not in TERMINAL]
        if not live:
            sky.out(f"No running job found with name {name!r}.")
            return 0
        ids = live
    elif every:
        ids = [j for j in job_ids(sky) if load(sky, j)["status"] not in TERMINAL]
        if not ids:
            sky.out("No job to cancel.")
            return 0
    cancelled = []
    for job_id in ids:
        rec = load(sky, job_id)
        if rec is None:
            sky.out(f"Job {job_id} not found. Skipped.")
            continue
        if rec["status"] in TERMINAL:
            sky.out(f"Job {job_id} is already in terminal state {rec['status']}. Skipped.")
            continue
        rec = update(sky, job_id, status="CANCELLED", end_at=time.time())
        if rec.get("cluster") and rec.get("cluster_job_id"):
            with sky.locked(f"jobs-{rec['cluster']}"):
                job = sky.load_job(rec["cluster"], rec["cluster_job_id"])
                if job is not None and job["status"] not in sky.TERMINAL:
                    job["status"], job["end_at"] = "CANCELLED", time.time()
                    sky.save_job(rec["cluster"], job)
            sky.kill_group((job or {}).get("pgid"))
        controller_log(sky, job_id, "Cancelled by the user.")
        cancelled.append(job_id)
    if not cancelled:
        sky.out("No job to cancel.")
    elif len(cancelled) == 1:
        sky.out(f"Job with ID {cancelled[0]} is scheduled to be cancelled.")
    else:
        sky.out(f"Jobs with IDs {', '.join(map(str, cancelled))} are scheduled to be cancelled.")
    return 0


# ---------------------------------------------------------------------------
# sky jobs queue (sky/jobs/utils.py format_job_table)
# ---------------------------------------------------------------------------
def queue(sky, values, args):
    as_json = values["--output"] == "json"
    if not as_json:
        sky.secho("Fetching managed job statuses...", fg=sky.CYAN)
    records = [load(sky, j) for j in reversed(job_ids(sky))]
    records = [r for r in records if r is not None and
               not (values["--skip-finished"] and r["status"] in TERMINAL)]
    if not values["--all"] and values["--limit"] is not None:
        records = records[:values["--limit"]]
    if as_json:
        sky.out(json.dumps([_json(r) for r in records], indent=2))
        return 0
    hint = " (showing in-progress jobs only)" if values["--skip-finished"] else ""
    if not controller_exists(sky):
        sky.out(f"{sky.CYAN}{sky.BRIGHT}Managed jobs{sky.RESET}{hint}\n{NO_CONTROLLER} "
                f"(See: {sky.BRIGHT}sky jobs -h{sky.RESET})")
        return 0
    sky.out(f"{sky.CYAN}{sky.BRIGHT}Managed jobs{sky.RESET}{hint}")
    for line in table_lines(sky, records):
        sky.out(line)
    return 0


def table_lines(sky, records):
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
        status = f"{STATUS_COLORS.get(r['status'], chr(27) + '[31m')}{r['status']}{sky.RESET}"
        rows.append([r["job_id"], "-", r["job_name"], r["resources"], sky._readable_ago(r["submitted_at"]),
                     total, job, r["recovery_count"], status, "-", "-"])
    if rows:
        lines += sky._table_lines(["ID", "TASK", "NAME", "REQUESTED", "SUBMITTED", "TOT. DURATION",
                                   "JOB DURATION", "#RECOVERIES", "STATUS", "PROGRESS", "POOL"], rows)
    return lines


def _json(r):
    return {"job_id": r["job_id"], "task_id": r["task_id"], "job_name": r["job_name"], "task_name": r["job_name"],
            "status": r["status"], "submitted_at": r["submitted_at"], "start_at": r["start_at"],
            "end_at": r["end_at"], "recovery_count": r["recovery_count"], "failure_reason": r["failure_reason"],
            "resources": r["resources"], "user_name": r["username"]}


def status_section(sky):
    """The `Managed jobs` section of `sky status` (in-progress jobs only)."""
    live = [load(sky, j) for j in reversed(job_ids(sky))]
    live = [r for r in live if r is not None and r["status"] not in TERMINAL]
    if not live:
        return [NO_CONTROLLER]
    return table_lines(sky, live)
