"""`sky exec` and `sky launch`: the task, the workdir sync, provisioning and the job."""

import os
import re
import sys
import time
import uuid

from .errors import SkyError, UsageError, cluster_does_not_exist
from .jobs import submit_job, tail_job
from .output import (BRIGHT, CYAN, DIM, INDENT, INDENT_LAST, RED, RESET, YELLOW, confirm,
                     finishing, out, print_async, secho, starting)
from .procs import spawn_detached
from .resources import acc_str, infra_cloud_region, parse_accelerators, resources_str, task_resources
from .state import load_cluster, locked, p_workdir, save_cluster, state_home
from .sync import sync_workdir
from .task import make_task


def sync_and_print(cluster, workdir, num_nodes):
    plural = "s" if num_nodes > 1 else ""
    out(f"{DIM}Syncing workdir (to {num_nodes} node{plural}): {workdir} -> ~/sky_workdir{RESET}")
    with locked(f"sync-{cluster}"):
        sync_workdir(workdir, p_workdir(cluster), exclude_abs=[state_home()])
    out(finishing("Synced workdir.", f"View logs: sky api logs -l sky-{_stamp()}/workdir_sync.log"))


def _stamp():
    return time.strftime("%Y-%m-%d-%H-%M-%S-") + f"{int(time.time() * 1e6) % 1000000:06d}"


def submit_and_print(cluster, task):
    envs = dict(task["envs"])
    envs.update(task["secrets"])
    job_id = submit_job(cluster, task["run"], task["name"], envs, set(task["secrets"]),
                        task["gpus"])
    out(starting(f"Job submitted, ID: {BRIGHT}{job_id}{RESET}"))
    return job_id


def cmd_exec(values, args):
    cluster = args["CLUSTER"]
    entrypoint = list(args["ENTRYPOINT"])
    if values["--cluster"] is None and cluster is None:
        raise UsageError("Missing argument '[CLUSTER]' and '[ENTRYPOINT]...'")
    if values["--cluster"] is not None:
        if cluster is not None:
            entrypoint = [cluster] + entrypoint
        cluster = values["--cluster"]
    if not entrypoint:
        raise UsageError("Missing argument '[ENTRYPOINT]...'")
    task = make_task(entrypoint, values,
                     ["cpus", "memory", "disk_size", "disk_tier", "ports", "local_disk"])
    secho("Submitting job to cluster: ", fg=CYAN, nl=False)
    secho(cluster)
    rec = check_cluster_available(cluster, "Executing tasks")
    check_resources_fit(rec, task)
    if values["--async"]:
        if task["workdir"]:
            with locked(f"sync-{cluster}"):
                sync_workdir(task["workdir"], p_workdir(cluster), exclude_abs=[state_home()])
        submit_job(cluster, task["run"], task["name"], {**task["envs"], **task["secrets"]},
                   set(task["secrets"]), task["gpus"])
        print_async("sky.exec")
        return 0
    if task["workdir"]:
        sync_and_print(cluster, task["workdir"], int(rec.get("num_nodes") or 1))
    job_id = submit_and_print(cluster, task)
    if values["--detach-run"]:
        return 0
    return tail_job(cluster, job_id)


def check_cluster_available(name, operation):
    """backend_utils.check_cluster_available (docs/skypilot-facts.md#exec)."""
    rec = load_cluster(name)
    if rec is None:
        raise cluster_does_not_exist(name)
    status = rec["status"]
    if status == "AUTOSTOPPING":
        raise SkyError("sky.exceptions.ClusterNotUpError",
                       f"{operation}: skipped for cluster {name!r}: the cluster is autostopping. "
                       f"To continue, run: sky start {name}")
    if status != "UP":
        msg = (f"{operation}: skipped for cluster {name!r} (status: {status}). "
               "It is only allowed for UP and AUTOSTOPPING clusters.")
        if status == "INIT":
            msg += (" Wait for a launch to finish, or use this command to try to transition "
                    f"the cluster to UP: sky start {name}")
        raise SkyError("sky.exceptions.ClusterNotUpError", msg)
    return rec


def check_resources_fit(rec, task):
    """A job's --gpus/--num-nodes demand must fit the existing cluster (docs/skypilot-facts.md#exec). A
    hand-written record without accelerators accepts any GPU demand."""
    fits = (task["num_nodes"] or 1) <= (rec.get("num_nodes") or 1)
    try:
        have = parse_accelerators(rec.get("accelerators"))
    except SkyError:
        have = None
    want = task["gpus"]
    if want is not None and have is not None:
        fits = fits and want[0].lower() == have[0].lower() and want[1] <= have[1]
    if not fits:
        raise SkyError("sky.exceptions.ResourcesMismatchError",
                       "Requested resources do not match the existing cluster.\n"
                       f"  Requested:\t{{{task['num_nodes'] or 1}x(gpus={acc_str(want)})}}\n"
                       f"  Existing:\t{resources_str(rec)}\n"
                       "To fix: specify a new cluster name, or down the existing cluster first: "
                       f"sky down {rec['name']}")


def cmd_launch(values, args):
    task = make_task(args["ENTRYPOINT"], values, [])
    name = values["--cluster"] or f"sky-{uuid.uuid4().hex[:4]}-{os.environ.get('USER', 'user')}"
    if not re.fullmatch(r"[a-zA-Z]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?", name):
        raise SkyError("sky.exceptions.InvalidClusterNameError",
                       f"Cluster name {name!r} is invalid: ensure it is fully matching regex "
                       "(e.g., only contains lower letters, numbers and dash): "
                       "[a-zA-Z]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?")
    existing = load_cluster(name)
    acc = task["gpus"]
    if values["--dryrun"]:
        print_optimizer_table(task)
        return 0

    prompt = None
    if existing is None or existing["status"] == "INIT":
        print_optimizer_table(task)
        prompt = f"Launching a new cluster {name!r}. Proceed?"
    elif existing["status"] == "STOPPED":
        prompt = f"Restarting the stopped cluster {name!r}. Proceed?"
    if prompt and not values["--yes"]:
        confirm(prompt)
    else:
        secho("Running on cluster: ", fg=CYAN, nl=False)
        secho(name)

    if values["--down"] and values["--idle-minutes-to-autostop"] is None:
        autostop = 1  # sky/execution.py: idle_minutes 0 is bumped to 1 for --down
    else:
        autostop = values["--idle-minutes-to-autostop"]
    lose_autostop = bool(os.environ.get("FAKE_SKY_LOSE_AUTOSTOP"))

    fail = os.environ.get("FAKE_SKY_LAUNCH_FAIL")
    if existing is None or existing["status"] != "UP":
        cloud, _ = infra_cloud_region(task["infra"], task["accelerators"])
        out(starting(f"Launching on {cloud}."))
        if fail:
            out(f"{YELLOW}Failed to acquire resources in {cloud} for {{{task_resources(task)}}}: "
                f"{fail}{RESET}")
            out(f"{RED}⨯{RESET} Failed to provision the cluster.")
            raise SkyError("sky.exceptions.ResourcesUnavailableError",
                           "Failed to provision all possible launchable resources. Relax the "
                           f"task's resource requirements: {task_resources(task)} Reason: {fail}\n"
                           "To keep retrying until the cluster is up, use the `--retry-until-up` "
                           "flag.")
        rec = {
            "name": name, "status": "INIT", "accelerators": acc_str(acc),
            "use_spot": bool(task["use_spot"]), "infra": task["infra"],
            "num_nodes": int(task["num_nodes"] or 1),
            "autostop": -1 if autostop is None or lose_autostop else autostop,
            "to_down": bool(values["--down"]) and not lose_autostop,
            "launched_at": int(time.time()), "last_creation_yaml": task["yaml_text"],
            "last_creation_command": redacted_command(sys.argv[1:]),
            "accelerator_args": task["accelerator_args"], "launch_token": uuid.uuid4().hex,
        }
        if existing is not None:  # a STOPPED/INIT cluster keeps its resources
            for key in ("accelerators", "use_spot", "infra", "num_nodes", "last_creation_yaml",
                        "last_creation_command", "accelerator_args"):
                if existing.get(key) is not None:
                    rec[key] = existing[key]
            if autostop is None:
                rec["autostop"], rec["to_down"] = existing["autostop"], existing["to_down"]
        with locked(f"cluster-{name}"):
            save_cluster(rec)
        provision(name, rec["launch_token"])
        out(f"{INDENT_LAST}Instance is up.")
        out(finishing(f"Cluster launched: {name}.", f"View logs: sky logs --provision {name}"))
    else:
        if autostop is not None and not lose_autostop:  # launch -i on an UP cluster sets autostop
            with locked(f"cluster-{name}"):
                rec = load_cluster(name)
                rec["autostop"], rec["to_down"] = autostop, bool(values["--down"])
                save_cluster(rec)
        out(finishing(f"Cluster launched: {name}.", f"View logs: sky logs --provision {name}"))
    rec = load_cluster(name)

    if task["workdir"]:
        out(starting("Syncing files."))
        sync_and_print(name, task["workdir"], int(rec.get("num_nodes") or 1))
    if task["setup"] and not values["--no-setup"]:
        # No network here: the setup is recorded but not run.
        out(starting(f"Running setup on {rec.get('num_nodes') or 1} node."))
        out(finishing("Setup completed.", f"View logs: sky api logs -l setup-{_stamp()}.log"))
    job_id = None
    if task["run"]:
        job_id = submit_and_print(name, task)
    if values["--async"]:
        print_async("sky.launch")
        return 0
    returncode = 0
    if job_id is not None and not values["--detach-run"]:
        returncode = tail_job(name, job_id)
    out(command_hints(job_id, name))
    return returncode


def redacted_command(argv):
    """The launch command as recorded, with --secret values hidden (secrets are
    "redacted in logs", docs/skypilot-facts.md#options): the state dir never holds a secret value."""
    words, hide_next = ["sky"], False
    for arg in argv:
        if hide_next:
            arg = arg.split("=", 1)[0] + "=<redacted>" if "=" in arg else arg
            hide_next = False
        elif arg == "--secret":
            hide_next = True
        elif arg.startswith("--secret=") and arg.count("=") >= 2:
            arg = "--secret=" + arg[len("--secret="):].split("=", 1)[0] + "=<redacted>"
        words.append(arg)
    return " ".join(words)


def provision(name, token):
    """Mark the INIT record UP. With FAKE_SKY_LAUNCH_SECONDS the wait happens in a
    detached process, like a provisioning request on the API server: killing this
    client does not stop it (docs/skypilot-facts.md#ctrl-c-and-kill), while `sky down` (which
    deletes the record) does."""
    seconds = float(os.environ.get("FAKE_SKY_LAUNCH_SECONDS") or 0)
    if seconds <= 0:
        _finish_provision(state_home(), name, token)
        return
    spawn_detached(_provision_later, state_home(), name, token, seconds)
    while True:
        rec = load_cluster(name)
        if rec is None or rec.get("launch_token") != token:
            raise SkyError("sky.exceptions.RequestCancelled",
                           f"Request to launch cluster {name!r} was cancelled.")
        if rec["status"] == "UP":
            return
        time.sleep(0.05)


def _provision_later(home, name, token, seconds):
    time.sleep(seconds)
    _finish_provision(home, name, token)


def _finish_provision(home, name, token):
    os.environ["FAKE_SKY_HOME"] = home
    with locked(f"cluster-{name}"):
        rec = load_cluster(name)
        if rec is None or rec.get("launch_token") != token:
            return  # torn down (or re-launched) meanwhile
        rec["status"] = "UP"
        save_cluster(rec)


def print_optimizer_table(task):
    cloud, _ = infra_cloud_region(task["infra"], task["accelerators"])
    acc = task["gpus"]
    gpus = acc_str(acc) if acc else "-"
    inst = f"4CPU--16GB--{gpus}" if acc else "4CPU--16GB"
    n = task["num_nodes"] or 1
    sep = "-" * 96
    out(f"{CYAN}Considered resources ({n} node{'s' if n > 1 else ''}):{RESET}")
    out(sep)
    out(f" {'INFRA':<22}{'INSTANCE':<26}{'vCPUs':<8}{'Mem(GB)':<10}{'GPUS':<12}"
        f"{'COST ($)':<11}CHOSEN   ")
    out(sep)
    out(f" {cloud + ' (fake)':<22}{inst:<26}{'4':<8}{'16':<10}{gpus:<12}{'0.00':<11}   ✔     ")
    out(sep)


def command_hints(job_id, cluster):
    bold, reset = "\x1b[1m", "\x1b[0m"
    s = "\n📋 Useful Commands"
    if job_id is not None:
        s += (f"\nJob ID: {job_id}"
              f"\n{INDENT}To cancel the job:\t\t{bold}sky cancel {cluster} {job_id}{reset}"
              f"\n{INDENT}To stream job logs:\t\t{bold}sky logs {cluster} {job_id}{reset}"
              f"\n{INDENT_LAST}To view job queue:\t\t{bold}sky queue {cluster}{reset}")
    s += (f"\nCluster name: {cluster}"
          f"\n{INDENT}To log into the head VM:\t{bold}ssh {cluster}{reset}"
          f"\n{INDENT}To submit a job:\t\t{bold}sky exec {cluster} yaml_file{reset}"
          f"\n{INDENT}To stop the cluster:\t{bold}sky stop {cluster}{reset}"
          f"\n{INDENT_LAST}To teardown the cluster:\t{bold}sky down {cluster}{reset}")
    return s
