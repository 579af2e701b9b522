"""`sky jobs launch/queue/logs/cancel`: the managed-jobs commands as SkyPilot 0.14.1's CLI has them
(sky/client/cli/command.py `jobs_*`); the jobs themselves are in managed."""

import json
import os
import re
import sys
import time

from . import managed
from .api_server import ensure_api_server
from .cmd_run import print_optimizer_table
from .errors import SkyError, UsageError
from .jobs import TERMINAL as JOB_TERMINAL
from .jobs import kill_group, load_job, read_bytes, save_job
from .managed import (NO_CONTROLLER, NOT_FOUND_EXIT, SUCCEEDED_EXIT, TERMINAL, controller_exists,
                      controller_log, exit_code, job_ids, load, p_job, require_controller, stream_logs,
                      update)
from .options import COMMAND_HELP, MANAGED_SUBCOMMANDS, MANAGED_UNIMPLEMENTED
from .output import (BRIGHT, CYAN, RESET, YELLOW, confirm, err, out, out_bytes, print_async, secho,
                     starting, strip_ansi)
from .state import locked
from .parser import no_such_option, parse_command, print_usage_error
from .task import make_task


# ---------------------------------------------------------------------------
# Dispatch of `sky jobs ...`
# ---------------------------------------------------------------------------
def run_group(rest):
    """`sky jobs <subcommand> ...`: returns the exit code."""
    if not rest or rest[0] in ("-h", "--help"):
        out(group_help())
        return 0
    sub = rest[0]
    if sub.startswith("-"):
        print_usage_error("jobs", UsageError(no_such_option(sub.split("=", 1)[0], [])))
        return 2
    if sub in MANAGED_UNIMPLEMENTED:
        err(f"fake sky: `sky jobs {sub}` exists in SkyPilot but is not implemented by this fake.")
        return 3
    cmd = f"jobs {sub}"
    if sub not in MANAGED_SUBCOMMANDS:
        err("Usage: sky jobs [OPTIONS] COMMAND [ARGS]...")
        err("Try 'sky jobs -h' for help.")
        err()
        err(f"Error: No such command {sub!r}.")
        return 2
    try:
        values, args = parse_command(cmd, rest[1:])
        ensure_api_server()
        return {"launch": launch, "queue": queue, "cancel": cancel, "logs": logs}[sub](values, args)
    except UsageError as e:
        print_usage_error(cmd, e)
        return 2


def group_help():
    lines = ["Usage: sky jobs [OPTIONS] COMMAND [ARGS]...", "", "  Managed Jobs CLI (jobs with auto-recovery).",
             "", "Options:", "  -h, --help  Show this message and exit.", "", "Commands:"]
    for name in MANAGED_SUBCOMMANDS:
        lines.append(f"  {name:<8} {COMMAND_HELP['jobs ' + name]}")
    return "\n".join(lines)


def _plain(text):
    """click.echo drops the styles in its text when stdout is not a terminal."""
    return text if sys.stdout.isatty() else strip_ansi(text)


# ---------------------------------------------------------------------------
# sky jobs launch
# ---------------------------------------------------------------------------
def launch(values, args):
    entrypoint = list(args["ENTRYPOINT"])
    if not entrypoint:
        raise UsageError("Missing argument 'ENTRYPOINT...'.")
    if values["--num-jobs"] is not None and values["--num-jobs"] < 1:
        raise UsageError(f"--num-jobs must be a positive integer. Got: {values['--num-jobs']}.")
    name = values["--name"]
    if values["--cluster"] is not None:
        if name is not None and name != values["--cluster"]:
            raise UsageError("Cannot specify both --name and --cluster. Use one of the flags as they are "
                                 "alias.")
        name = values["--cluster"]
    if values["--pool"] is not None:
        err("fake sky: `sky jobs launch --pool` is not implemented by this fake.")
        return 3
    task = make_task(entrypoint, values, [])
    if name is not None:
        task["name"] = name
    job_name = task["name"] if task["name"] and task["name"] != "sky-cmd" else "sky-cmd"
    if not re.fullmatch(r"[a-zA-Z]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?", job_name):
        raise SkyError("sky.exceptions.InvalidClusterNameError",
                           f"Cluster name {job_name!r} is invalid: ensure it is fully matching regex (e.g., "
                           "only contains lower letters, numbers and dash): [a-zA-Z]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?")
    recovery = values["--job-recovery"]
    if recovery is not None and recovery.upper() not in ("FAILOVER", "EAGER_NEXT_REGION", "NONE"):
        raise SkyError("ValueError", f"Spot recovery strategy {recovery} is not supported. The strategy "
                           "should be among ['FAILOVER', 'EAGER_NEXT_REGION']")
    if not values["--yes"]:
        secho(f"Managed job {job_name!r} will be launched on (estimated):", fg=YELLOW)
        print_optimizer_table(task)
        confirm(f"Launching a managed job {job_name!r}. Proceed?")
    job_id, controller_job_id = managed.submit(task, job_name, recovery)
    if task["yaml_text"] is not None:
        # The real client uploads the task to the jobs controller, which keeps its own copy: the local file may go.
        with open(os.path.join(managed.p_job(job_id), "task.yaml"), "w", encoding="utf-8") as f:
            f.write(task["yaml_text"])
    out(f"{YELLOW}Launching managed job {job_name!r} from jobs controller...{RESET}")
    out(starting(f"Job submitted, ID: {BRIGHT}{controller_job_id}{RESET}"))
    if values["--async"]:
        print_async("sky.jobs.launch")
        return 0
    returncode = None
    if not values["--detach-run"]:
        returncode = stream_logs(job_id, follow=True, tail=0)
    out(_plain(hints(job_id)))
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


# ---------------------------------------------------------------------------
# sky jobs logs
# ---------------------------------------------------------------------------
def logs(values, args):
    job_id = _int_argument(args["JOB_ID"], "JOB_ID")
    follow = values["--follow"] is not False
    if values["--sync-down"] and values["--tail"] is not None and values["--tail"] > 0:
        raise UsageError("--tail is not supported with --sync-down. Use `sky jobs logs --no-follow --tail N "
                             "<id>` to view the tail, or redirect stdout to save it to a file.")
    tail = values["--tail"]
    if tail is None:  # _apply_default_tail: the implicit default, with a hint, only when following
        if follow and not values["--sync-down"]:
            err("Showing the last 1000 lines (default). Pass --tail 0 to print the entire log.")
        tail = 1000 if follow else 0
    require_controller()
    if job_id is None and values["--name"] is not None:
        named = [j for j in job_ids() if (load(j) or {}).get("job_name") == values["--name"]]
        if not named:
            out(f"No managed job found with name {values['--name']!r}.")
            return NOT_FOUND_EXIT
        job_id = named[-1]
    if job_id is None:
        ids = job_ids()
        if not ids:
            out("No managed job found.")
            return NOT_FOUND_EXIT
        job_id = ids[-1]
    if values["--controller"]:
        rec = load(job_id)
        if rec is None:
            out(f"Job {job_id} not found.")
            return NOT_FOUND_EXIT
        out_bytes(read_bytes(os.path.join(p_job(job_id), "controller.log")))
        return exit_code(rec["status"]) if rec["status"] in TERMINAL else SUCCEEDED_EXIT
    if values["--sync-down"]:
        out(f"{CYAN}Job {job_id} logs: {os.path.join(p_job(job_id), 'run.log')}{RESET}")
        return 0
    return stream_logs(job_id, follow=follow, tail=max(tail, 0))


def _int_argument(raw, metavar):
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise UsageError(f"Invalid value for '[{metavar}]': {raw!r} is not a valid integer.") from None


# ---------------------------------------------------------------------------
# sky jobs cancel (sky/jobs/utils.py cancel_jobs_by_id)
# ---------------------------------------------------------------------------
def cancel(values, args):
    ids = list(args["JOB_IDS"])
    name, pool = values["--name"], values["--pool"]
    every = values["--all"] or values["--all-users"]
    if values["--task"] is not None and (len(ids) != 1 or name is not None or pool is not None or every):
        raise UsageError("--task takes exactly one JOB_ID and no --name, --pool, --all or --all-users.")
    if sum([bool(ids), name is not None, pool is not None, bool(every)]) != 1:
        given = []
        given += [f"--job-ids {','.join(map(str, ids))}"] if ids else []
        given += [f"--name {name}"] if name is not None else []
        given += [f"--pool {pool}"] if pool is not None else []
        given += ["--all"] if values["--all"] else []
        given += ["--all-users"] if values["--all-users"] else []
        raise UsageError("Can only specify one of JOB_IDS, --name, --pool, or --all/--all-users. "
                             f"Provided {' '.join(given)!r}.")
    if not values["--yes"]:
        plural = "s" if len(ids) > 1 else ""
        what = (f"managed job{plural} with ID{plural} {','.join(map(str, ids))}" if ids
                else f"{name!r}" if name is not None else f"managed jobs in pool {pool!r}")
        if values["--all-users"]:
            what = "all managed jobs FOR ALL USERS"
        elif values["--all"]:
            what = "all managed jobs"
        confirm(f"Cancelling {what}. Proceed?")
    require_controller()
    if pool is not None:
        out("No job to cancel.")
        return 0
    if name is not None:
        live = [j for j in job_ids() if (load(j) or {}).get("job_name") == name
                and load(j)["status"] not in TERMINAL]
        if not live:
            out(f"No running job found with name {name!r}.")
            return 0
        ids = live
    elif every:
        ids = [j for j in job_ids() if load(j)["status"] not in TERMINAL]
        if not ids:
            out("No job to cancel.")
            return 0
    cancelled = []
    for job_id in ids:
        rec = load(job_id)
        if rec is None:
            out(f"Job {job_id} not found. Skipped.")
            continue
        if rec["status"] in TERMINAL:
            out(f"Job {job_id} is already in terminal state {rec['status']}. Skipped.")
            continue
        rec = update(job_id, status="CANCELLED", end_at=time.time())
        if rec.get("cluster") and rec.get("cluster_job_id"):
            with locked(f"jobs-{rec['cluster']}"):
                job = load_job(rec["cluster"], rec["cluster_job_id"])
                if job is not None and job["status"] not in JOB_TERMINAL:
                    job["status"], job["end_at"] = "CANCELLED", time.time()
                    save_job(rec["cluster"], job)
            kill_group((job or {}).get("pgid"))
        controller_log(job_id, "Cancelled by the user.")
        cancelled.append(job_id)
    if not cancelled:
        out("No job to cancel.")
    elif len(cancelled) == 1:
        out(f"Job with ID {cancelled[0]} is scheduled to be cancelled.")
    else:
        out(f"Jobs with IDs {', '.join(map(str, cancelled))} are scheduled to be cancelled.")
    return 0


# ---------------------------------------------------------------------------
# sky jobs queue (sky/jobs/utils.py format_job_table)
# ---------------------------------------------------------------------------
def queue(values, args):
    as_json = values["--output"] == "json"
    if not as_json:
        secho("Fetching managed job statuses...", fg=CYAN)
    records = [load(j) for j in reversed(job_ids())]
    records = [r for r in records if r is not None and
               not (values["--skip-finished"] and r["status"] in TERMINAL)]
    if not values["--all"] and values["--limit"] is not None:
        records = records[:values["--limit"]]
    if as_json:
        out(json.dumps([managed.as_json(r) for r in records], indent=2))
        return 0
    hint = " (showing in-progress jobs only)" if values["--skip-finished"] else ""
    if not controller_exists():
        out(f"{CYAN}{BRIGHT}Managed jobs{RESET}{hint}\n{NO_CONTROLLER} "
                f"(See: {BRIGHT}sky jobs -h{RESET})")
        return 0
    out(f"{CYAN}{BRIGHT}Managed jobs{RESET}{hint}")
    for line in managed.queue_table_lines(records):
        out(line)
    return 0
