"""Cluster commands: `sky down`, `stop`, `start`, `autostop` and `status`."""

import json
import os
import signal
import time

from .errors import SkyError, UsageError
from .jobs import TERMINAL, list_job_ids, load_job, save_job
from .managed import status_section as managed_status_section
from .output import (BLUE, BRIGHT, CYAN, GREEN, RED, RESET, YELLOW, confirm, out, print_async,
                     readable_ago, secho, table_lines)
from .resources import infra_cloud_region, resources_str, status_json_record
from .state import (list_cluster_names, load_cluster, locked, match_clusters, p_cluster_dir,
                    p_cluster_record, p_jobs, save_cluster)


def _teardown_jobs(name, final_status=None):
    """Kill every unfinished job of the cluster (a torn-down VM takes them with it).
    The caller holds the jobs lock, so no runner records a result meanwhile."""
    for job_id in list_job_ids(name):
        rec = load_job(name, job_id)
        if rec is None or rec["status"] in TERMINAL:
            continue
        if final_status:
            rec["status"], rec["end_at"] = final_status, time.time()
            save_job(name, rec)
        if rec.get("pgid"):
            try:
                os.killpg(rec["pgid"], signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def _down_or_stop(values, args, down):
    import shutil
    command = "down" if down else "stop"
    names = args["CLUSTERS"]
    if not names and not values["--all"] and not values["--all-users"]:
        raise UsageError(f"`sky {command}` requires either a cluster name or glob (see `sky "
                         "status`), or the -a/--all flag for all your clusters, or the "
                         "-u/--all-users flag for all clusters in your team.")
    if values["--all"] or values["--all-users"]:
        if names:
            out(f"Both --all and cluster(s) specified for `sky {command}`. Letting --all take "
                "effect.")
        clusters = [n for n in list_cluster_names()
                    if down or load_cluster(n)["status"] != "STOPPED"]
    else:
        clusters = match_clusters(names)
    if not clusters:
        out("Cluster(s) not found (tip: see `sky status`).")
        return 0
    operation = "Terminating" if down else "Stopping"
    if not values["--yes"]:
        confirm(f"{operation} {len(clusters)} cluster{'s' if len(clusters) > 1 else ''}: "
                f"{', '.join(clusters)}. Proceed?")
    if values["--async"]:
        out(f"{operation} requests are sent. Check the requests' status with "
            "`sky request get <request_id>`.")
    out("")
    failures = []
    fail_reason = os.environ.get("FAKE_SKY_DOWN_FAILS")
    if fail_reason in ("", "0", None):
        fail_reason = None
    elif fail_reason == "1":
        fail_reason = "Failed to terminate instances: the fake cloud refused (FAKE_SKY_DOWN_FAILS)"
    for name in clusters:
        with locked(f"cluster-{name}"):
            rec = load_cluster(name)
            if rec is None:
                continue
            infra0 = (rec.get("infra") or "").split("/")[0].lower()
            if not down and (rec.get("use_spot") or infra0 in ("k8s", "kubernetes")):
                if rec.get("use_spot"):
                    msg = (f"Stopping cluster {name} is not supported: spot instances cannot be "
                           "stopped.")
                else:
                    msg = "Kubernetes does not support stopping clusters. Use `sky down` instead."
                out(msg)
                failures.append(name)
                continue
            if fail_reason and not (down and values["--purge"]):
                out(f"{RED}{operation} cluster {name}...failed. {RESET}\n"
                    f"Reason: RuntimeError: {fail_reason}.")
                failures.append(name)
                continue
            if fail_reason:
                out(f"{YELLOW}Failed to terminate cluster {name} ({fail_reason}); removing it "
                    f"from the cluster table since --purge is set.{RESET}")
            if down:
                with locked(f"jobs-{name}"):  # runners find their records gone, not half-gone
                    _teardown_jobs(name)
                    try:
                        os.unlink(p_cluster_record(name))
                    except FileNotFoundError:
                        pass
                    shutil.rmtree(p_cluster_dir(name), ignore_errors=True)
                    shutil.rmtree(p_jobs(name), ignore_errors=True)
                out(f"{GREEN}{operation} cluster {name}...done.{RESET}")
            else:
                with locked(f"jobs-{name}"):
                    _teardown_jobs(name, "FAILED_DRIVER")
                rec["status"] = "STOPPED"
                save_cluster(rec)
                out(f"{GREEN}{operation} cluster {name}...done.{RESET}\n"
                    f"  To restart the cluster, run: {BRIGHT}sky start {name}{RESET}")
    if failures:
        msg = "Cluster(s) failed. See details above."
        if down:
            msg += (" If you want to ignore the errors and remove the cluster(s) from the status "
                    "table, use `sky down --purge`.")
        out(msg)
    return 0  # per-cluster failures are caught: still exit 0 (docs/skypilot-facts.md#down-and-stop)


def cmd_down(values, args):
    return _down_or_stop(values, args, True)


def cmd_stop(values, args):
    values.setdefault("--purge", False)
    return _down_or_stop(values, args, False)


def cmd_start(values, args):
    if values["--down"] and values["--idle-minutes-to-autostop"] is None:
        raise UsageError("--idle-minutes-to-autostop must be set if --down is set.")
    names = args["CLUSTERS"]
    if values["--all"]:
        if names:
            out("Both --all and cluster(s) specified for sky start. Letting --all take effect.")
        clusters = list_cluster_names()
    elif not names:
        clusters = list_cluster_names()
        if len(clusters) > 1:
            raise UsageError("`sky start` requires either a cluster name or glob (see `sky "
                             "status`), or the -a/--all flag.")
    else:
        clusters = match_clusters(names)
    if not clusters:
        out("Cluster(s) not found (tip: see `sky status`). Do you mean to use `sky launch` to "
            "provision a new cluster?")
        return 0
    to_start = []
    for name in clusters:
        rec = load_cluster(name)
        if rec["status"] == "UP" and not values["--force"]:
            out(f"Cluster {name} already has status UP.")
            continue
        to_start.append(name)
    if not to_start:
        return 0
    if not values["--yes"]:
        confirm(f"Restarting {len(to_start)} cluster{'s' if len(to_start) > 1 else ''}: "
                f"{', '.join(to_start)}. Proceed?")
    for name in to_start:
        with locked(f"cluster-{name}"):
            rec = load_cluster(name)
            if rec is None:
                continue
            rec["status"] = "UP"
            if values["--idle-minutes-to-autostop"] is not None and \
                    not os.environ.get("FAKE_SKY_LOSE_AUTOSTOP"):
                rec["autostop"] = values["--idle-minutes-to-autostop"]
                rec["to_down"] = bool(values["--down"])
            save_cluster(rec)
        if values["--async"]:
            print_async("sky.start")
        else:
            secho(f"Cluster {name} started.", fg=GREEN)
    return 0


def cmd_autostop(values, args):
    if values["--cancel"] and values["--idle-minutes"] is not None:
        raise UsageError("Only one of --idle-minutes and --cancel should be specified. "
                         f"cancel: {values['--cancel']}, idle_minutes: {values['--idle-minutes']}")
    minutes = -1 if values["--cancel"] else (values["--idle-minutes"]
                                             if values["--idle-minutes"] is not None else 5)
    names = args["CLUSTERS"]
    if not names and not values["--all"] and not values["--all-users"]:
        raise UsageError("`sky autostop` requires either a cluster name or glob (see `sky "
                         "status`), or the -a/--all flag for all your clusters, or the "
                         "-u/--all-users flag for all clusters in your team.")
    clusters = list_cluster_names() if (values["--all"] or values["--all-users"]) else \
        match_clusters(names)
    if not clusters:
        out("Cluster(s) not found (tip: see `sky status`).")
        return 0
    verb = "Cancelling" if minutes < 0 else "Scheduling"
    option = "{stop,down}" if minutes < 0 else ("down" if values["--down"] else "stop")
    if not values["--yes"]:
        confirm(f"{verb} auto{option} on {len(clusters)} cluster"
                f"{'s' if len(clusters) > 1 else ''}: {', '.join(clusters)}. Proceed?")
    out("")
    unsupported = os.environ.get("FAKE_SKY_AUTOSTOP_FAILS")
    for name in clusters:
        if unsupported and minutes >= 0:
            # core.autostop: NotSupportedError, which the CLI prints and still exits 0
            # (docs/skypilot-facts.md#autostop).
            cloud = "Kubernetes" if unsupported == "1" else unsupported
            out(f"{YELLOW}{verb} auto{option} on cluster {name!r}...skipped.{RESET}\n"
                f"  Auto{option} is not supported on {cloud} - see reason above.")
            continue
        with locked(f"cluster-{name}"):
            rec = load_cluster(name)
            if rec["status"] != "UP":
                out(f"Cluster {name!r} (status: {rec['status']}) is not UP; skipped.")
                continue
            rec["autostop"], rec["to_down"] = minutes, bool(values["--down"]) if minutes >= 0 else False
            save_cluster(rec)
        msg = f"{GREEN}{verb} auto{option} on cluster {name!r}...done{RESET}"
        if minutes >= 0:
            passive = "downed" if values["--down"] else "stopped"
            msg += (f"\n  The cluster will be auto{passive} after {minutes} minute"
                    f"{'s' if minutes != 1 else ''} of idleness."
                    f"\n  To cancel the auto{option}, run: {BRIGHT}sky autostop {name} --cancel{RESET}")
        out(msg)
    return 0


def cmd_status(values, args):
    names = args["CLUSTERS"]
    records = [load_cluster(n) for n in (match_clusters(names) if names else list_cluster_names())]
    records = [r for r in records if r is not None]
    ip_mode = values["--ip"] or values["--endpoints"] or values["--endpoint"] is not None
    if ip_mode and len(names) != 1:
        raise SkyError("ValueError", "No existing cluster specified. Please specify an existing "
                       "cluster to query its IP address.")
    # With --output json the real status prints the list and returns before --ip looks at it.
    if ip_mode and values["--output"] != "json":
        if not records:
            raise SkyError("ValueError", "No existing cluster specified. Please specify an existing "
                           "cluster to query its IP address.")
        if records[0]["status"] != "UP":
            raise SkyError("sky.exceptions.ClusterNotUpError",
                           f"Failed to get IP address: cluster {records[0]['name']!r} is not UP "
                           f"(status: {records[0]['status']}).")
        out("127.0.0.1")
        return 0
    noise = bool(os.environ.get("FAKE_SKY_STATUS_NOISE"))
    if noise:
        out("[notice] fake sky: a notice on stdout that begins with '[' (FAKE_SKY_STATUS_NOISE)")
    if values["--output"] == "json":
        found = {r["name"] for r in records}
        missing = [n for n in names if not any(c in n for c in "*?[") and n not in found]
        if missing:
            # Logged by the server's get_clusters, streamed to stdout before the JSON
            # (#10713, docs/skypilot-facts.md#status-json).
            out(f"Cluster(s) not found: {BRIGHT}{', '.join(missing)}{RESET}.")
        out(json.dumps([status_json_record(r) for r in records], indent=2))
        if noise:
            out("fake sky: a line after the JSON (FAKE_SKY_STATUS_NOISE)")
        return 0
    out(f"{CYAN}{BRIGHT}Enabled Infra:{RESET} kubernetes\n")
    out(f"{CYAN}{BRIGHT}Clusters{RESET}")
    if not records:
        out("No existing clusters.")
    else:
        colors = {"UP": GREEN, "STOPPED": YELLOW, "INIT": BLUE, "AUTOSTOPPING": YELLOW}
        rows = []
        for r in records:
            cloud, region = infra_cloud_region(r.get("infra"), r.get("accelerators"))
            autostop = "-" if r["autostop"] is None or r["autostop"] < 0 else f"{r['autostop']}m"
            if r["to_down"] and autostop != "-":
                autostop += " (down)"
            rows.append([r["name"], cloud + (f" ({region})" if region else ""), resources_str(r),
                         f"{colors.get(r['status'], '')}{r['status']}{RESET}", autostop,
                         readable_ago(r["launched_at"])])
        for line in table_lines(["NAME", "INFRA", "RESOURCES", "STATUS", "AUTOSTOP", "LAUNCHED"],
                                 rows):
            out(line)
    if not names:
        out(f"\n{CYAN}{BRIGHT}Managed jobs{RESET}")
        for line in managed_status_section():
            out(line)
        out(f"\n{CYAN}{BRIGHT}Services{RESET}")
        out("No live services.")
    return 0
