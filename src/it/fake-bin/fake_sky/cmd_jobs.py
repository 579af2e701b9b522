"""Job commands: `sky queue`, `logs` and `cancel`."""

import json
import os
import time

from .cmd_run import check_cluster_available
from .errors import SkyError, UsageError, cluster_does_not_exist
from .jobs import (JOB_EXIT, NOT_FINISHED, NOT_FOUND, TERMINAL, job_status, kill_group,
                   list_job_ids, load_job, save_job, tail_job)
from .output import (CYAN, DIM, RED, RESET, YELLOW, confirm, err, finishing, out, print_async,
                     readable_ago, secho, table_lines)
from .state import list_cluster_names, load_cluster, locked, p_job_dir


def _job_json(rec, cluster):
    return {"job_id": rec["job_id"], "job_name": rec["job_name"], "username": rec["username"],
            "user_hash": "fakeuser", "submitted_at": rec["submitted_at"],
            "start_at": rec["start_at"], "end_at": rec["end_at"], "resources": rec["resources"],
            "status": rec["status"],
            "log_path": os.path.join(p_job_dir(cluster, rec["job_id"]), "run.log"),
            "metadata": {}}


def cmd_queue(values, args):
    as_json = values["--output"] == "json"
    if not as_json:
        secho("Fetching and parsing job queue...", fg=CYAN)
    names = args["CLUSTERS"] or list_cluster_names()
    if not as_json:
        out(f"Fetching job queue for: {', '.join(names)}")
    result = {}
    for name in names:
        rec = load_cluster(name)
        problem = None
        if rec is None:
            problem = f"ClusterDoesNotExist: Cluster {name!r} does not exist."
        elif rec["status"] != "UP":
            problem = (f"ClusterNotUpError: Getting the job queue: skipped for cluster {name!r} "
                       f"(status: {rec['status']}). It is only allowed for UP clusters.")
        if problem:
            msg = f"{YELLOW}Failed to get the job queue for cluster {name!r}.{RESET}\n  {problem}"
            if as_json:
                err(msg)
            else:
                out(msg)
            continue
        jobs = [job_status(name, j) for j in reversed(list_job_ids(name))]
        jobs = [j for j in jobs if j is not None and
                not (values["--skip-finished"] and j["status"] in TERMINAL)]
        result[name] = [_job_json(j, name) for j in jobs]
    if as_json:
        out(json.dumps(result, indent=2))
        return 0
    user_str = "all users" if values["--all-users"] else "current user"
    for name, jobs in result.items():
        rows = []
        for j in jobs:
            end = j["end_at"] or time.time()
            dur = f"{int(end - j['start_at'])}s" if j["start_at"] else "-"
            rows.append([j["job_id"], j["job_name"], j["username"], readable_ago(j["submitted_at"]),
                         readable_ago(j["start_at"]), dur, j["resources"], j["status"],
                         j["log_path"], "-"])
        out(f"\nJob queue of {user_str} on cluster {name}")
        if rows:
            for line in table_lines(["ID", "NAME", "USER", "SUBMITTED", "STARTED", "DURATION",
                                      "RESOURCES", "STATUS", "LOG", "GIT COMMIT"], rows):
                out(line)
        else:
            out("No jobs found.")
    return 0


def cmd_logs(values, args):
    cluster, job_ids = args["CLUSTER"], args["JOB_IDS"]
    if values["--worker"] is not None:
        if not values["--provision"]:
            raise UsageError("--worker can only be used with --provision.")
        if values["--worker"] < 1:
            raise UsageError("--worker must be a positive integer.")
    if values["--provision"] and (values["--sync-down"] or values["--status"] or job_ids):
        raise UsageError("--provision cannot be combined with job log options "
                         "(--sync-down/--status/job IDs).")
    if values["--sync-down"] and values["--status"]:
        raise UsageError("Both --sync_down and --status are specified (ambiguous). To fix: "
                         "specify at most one of them.")
    if len(job_ids) > 1 and not values["--sync-down"]:
        raise UsageError(f"Cannot stream logs of multiple jobs (IDs: {', '.join(job_ids)})."
                         "\nPass -s/--sync-down to download the logs instead.")
    follow = values["--follow"] is not False
    if values["--provision"]:
        if load_cluster(cluster) is None:
            raise cluster_does_not_exist(cluster)
        out(f"{DIM}(fake) provision log of {cluster}{RESET}")
        out(finishing(f"Cluster launched: {cluster}."))
        return 0
    for jid in job_ids:
        if not jid.isdigit():
            raise UsageError(f"Invalid job ID {jid}. Job ID must be integers.")
    if values["--autostop"]:
        check_cluster_available(cluster, "Tailing autostop logs")
        out(f"{DIM}(fake) no autostop hook log on cluster {cluster!r}.{RESET}")
        return 0
    if values["--sync-down"]:
        check_cluster_available(cluster, "Syncing down logs")
        ids = [int(j) for j in job_ids] or list_job_ids(cluster)[-1:]
        for jid in ids:
            logger_path = os.path.join(p_job_dir(cluster, jid), "run.log")
            out(f"{CYAN}Job {jid} logs: {logger_path}{RESET}")
        return 0
    check_cluster_available(cluster, "Tailing logs")
    all_ids = list_job_ids(cluster)
    job_id = int(job_ids[0]) if job_ids else (all_ids[-1] if all_ids else None)
    if values["--status"]:
        if job_id is None:
            secho(f"No job found on cluster {cluster!r}.", fg=RED)
            return NOT_FOUND
        jrec = job_status(cluster, job_id)
        if jrec is None:
            out(f"Job {job_id}: None")
            secho(f"Job {job_id} not found", fg=RED)
            return NOT_FOUND
        out(f"Job {job_id}: {jrec['status']}")
        return JOB_EXIT.get(jrec["status"], NOT_FINISHED)
    job_str = f"job {job_id}" if job_ids else "the last job"
    out(f"{YELLOW}Tailing logs of {job_str} on cluster {cluster!r}...{RESET}")
    if job_id is None:
        out(f"{RED}No job found on cluster {cluster!r}.{RESET}")
        return NOT_FOUND
    if load_job(cluster, job_id) is None:
        out(f"{RED}Job {job_id} not found (see `sky queue {cluster}`).{RESET}")
        return NOT_FOUND
    return tail_job(cluster, job_id, follow=follow, tail=values["--tail"] or 0)


def cmd_cancel(values, args):
    import fnmatch
    cluster, jobs = args["CLUSTER"], args["JOBS"]
    if any(c in cluster for c in "*?["):
        clusters = [n for n in list_cluster_names() if fnmatch.fnmatchcase(n, cluster)]
    else:
        clusters = [cluster]
    if not clusters:
        raise UsageError(f"No clusters match pattern: {cluster!r}")
    if len(clusters) > 1 and jobs:
        raise UsageError("Cannot specify job IDs when cluster pattern matches multiple clusters. "
                         f"Pattern {cluster!r} matches: {', '.join(clusters)}")
    if not jobs and not values["--all"] and not values["--all-users"]:
        out(f"{YELLOW}No job IDs or --all/--all-users provided; cancelling the latest running "
            f"job.{RESET}")
        ident = "the latest running job"
    elif values["--all-users"]:
        ident = "all users' jobs"
    else:
        ident = "all your jobs" if values["--all"] else ""
        if jobs:
            ident += (" and " if ident else "") + f"job{'s' if len(jobs) > 1 else ''} " + \
                " ".join(map(str, jobs))
    ident += f" on cluster(s): {', '.join(clusters)}"
    if not values["--yes"]:
        confirm(f"Cancelling {ident}. Proceed?")
    for name in clusters:
        rec = load_cluster(name)
        if rec is None:
            # ClusterDoesNotExist is a ValueError, which `sky cancel` turns into a
            # click.UsageError (exit 2).
            raise UsageError(f"Cluster {name!r} does not exist.")
        if rec["status"] != "UP":
            raise SkyError("sky.exceptions.ClusterNotUpError",
                           f"Cancelling jobs: skipped for cluster {name!r} (status: "
                           f"{rec['status']}). It is only allowed for UP clusters.")
        if values["--async"]:
            print_async("sky.cancel")
        live = [j for j in list_job_ids(name)
                if (job_status(name, j) or {}).get("status") not in TERMINAL]
        if jobs:
            targets = [j for j in jobs if j in live]
        elif values["--all"] or values["--all-users"]:
            targets = live
        else:
            targets = live[-1:]
        cancelled = []
        for job_id in targets:
            with locked(f"jobs-{name}"):
                jrec = load_job(name, job_id)
                if jrec is None or jrec["status"] in TERMINAL:
                    continue
                jrec["status"], jrec["end_at"] = "CANCELLED", time.time()
                save_job(name, jrec)
            kill_group(jrec.get("pgid"))
            cancelled.append(job_id)
        if cancelled:
            # SkyPilot 0.14.1's wording (cloud_vm_ray_backend.cancel_jobs)
            out(f"Cancelled job ID(s): {', '.join(map(str, cancelled))}")
        else:
            out("No jobs cancelled. They may be in terminal states.")
    return 0
