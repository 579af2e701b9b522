"""The option tables of the commands the fake implements (docs/skypilot-facts.md#options).

One entry per click option, keyed by its canonical (first long) name. Fields:
  names    every spelling that turns the option on / takes the value
  off      spellings of the "off" half of a boolean pair (--no-use-spot)
  type     flag | str | int | choice | dir | env | dotenv
  multiple the option may repeat and collects a list (click multiple=True)
  choices  for type choice (matched case-insensitively, as SkyPilot does)
  hidden   accepted but not shown in --help (click hidden=True)
`sky __fake-options [--json] <cmd>` prints these tables; the build compares them with the real
click commands (src/build/sky_conformance.py drift).
"""


def _opt(type_, *names, off=(), multiple=False, choices=None, hidden=False, help=""):
    return {"names": list(names), "off": list(off), "type": type_, "multiple": multiple,
            "choices": list(choices) if choices else None, "hidden": hidden, "help": help}


def _table(*opts):
    return {next(n for n in o["names"] if n.startswith("--")): o for o in opts}


_TASK_OPTIONS_WITH_NAME = [
    _opt("str", "--name", "-n", help='Task name. Overrides the "name" config in the YAML.'),
    _opt("dir", "--workdir", help="Sync this dir to the remote working directory."),
    _opt("str", "--infra", help="Infrastructure to use: cloud, cloud/region, k8s/context, ssh/pool."),
    _opt("str", "--cloud", hidden=True, help="(Deprecated) The cloud to use."),
    _opt("str", "--region", hidden=True, help="(Deprecated) The region to use."),
    _opt("str", "--zone", hidden=True, help="(Deprecated) The zone to use."),
    _opt("int", "--num-nodes", help="Number of nodes to execute the task on."),
    _opt("str", "--cpus", help="Number of vCPUs each instance must have (4 or 4+)."),
    _opt("str", "--memory", help="Amount of memory each instance must have in GB."),
    _opt("int", "--disk-size", help="OS disk size in GBs."),
    _opt("choice", "--disk-tier", choices=["low", "medium", "high", "ultra", "best", "none"],
         help="OS disk tier."),
    _opt("choice", "--network-tier", choices=["standard", "best"], help="Network tier."),
    _opt("flag", "--use-spot", off=["--no-use-spot"], help="Whether to request spot instances."),
    _opt("str", "--image-id", help="Custom image id for launching the instances."),
    _opt("dotenv", "--env-file", help="Path to a dotenv file with environment variables."),
    _opt("env", "--env", multiple=True, help="Environment variable to set on the remote node."),
    _opt("dotenv", "--secret-file", help="Path to a dotenv file with secrets."),
    _opt("env", "--secret", multiple=True, help="Secret variable to set on the remote node."),
    _opt("str", "--local-disk", help="Local disk: [nvme|ssd:]size[+]."),
]
_EXTRA_RESOURCES_OPTIONS = [
    _opt("str", "--gpus", help='Type and number of GPUs to use, e.g. "V100:8" or "V100".'),
    _opt("str", "--instance-type", "-t", help="The instance type to use."),
    _opt("str", "--ports", multiple=True, help="Ports to open on the cluster."),
]
_ASYNC = _opt("flag", "--async", off=["--no-async"], help="Run the command asynchronously.")
_CONFIG = _opt("str", "--config", multiple=True,
               help="Path to a config file or a comma-separated list of key-value pairs.")
_YES = _opt("flag", "--yes", "-y", help="Skip confirmation prompt.")
_WAIT_FOR = _opt("choice", "--wait-for", choices=["jobs_and_ssh", "jobs", "none"],
                 help="Determines the condition for resetting the idleness timer.")
_ALL = _opt("flag", "--all", "-a", help="Apply to all clusters.")
_ALL_USERS = _opt("flag", "--all-users", "-u", help="Apply to all users' clusters.")
_OUTPUT = _opt("choice", "--output", "-o", choices=["table", "json"], help="Output format.")

OPTIONS = {
    # docs/skypilot-facts.md#exec: exec = task options + --detach-run (no -no-d), a hidden --cluster,
    # --git-url/--git-ref; no -y, --down, -i, --dryrun, -r, --fast, --no-setup.
    "exec": _table(
        _CONFIG,
        _opt("str", "--cluster", "-c", hidden=True, help="Same as the positional argument."),
        _opt("flag", "--detach-run", "-d", help="Return as soon as the job is submitted."),
        *_TASK_OPTIONS_WITH_NAME, *_EXTRA_RESOURCES_OPTIONS, _ASYNC,
        _opt("str", "--git-url", help="Git repository URL."),
        _opt("str", "--git-ref", help="Git reference (branch, tag, or commit hash) to use."),
    ),
    # docs/skypilot-facts.md#launch
    "launch": _table(
        _CONFIG,
        _opt("str", "--cluster", "-c", help="A cluster name. Reused if it exists, else created."),
        _opt("flag", "--dryrun", help="If True, do not actually run the job."),
        _opt("flag", "--detach-run", "-d", off=["-no-d"],
             help="Return as soon as the job is submitted."),
        _opt("flag", "--docker", hidden=True, help="(Deprecated) Local docker support."),
        *_TASK_OPTIONS_WITH_NAME, *_EXTRA_RESOURCES_OPTIONS, _ASYNC,
        _opt("int", "--idle-minutes-to-autostop", "-i",
             help="Automatically stop the cluster after this many minutes of idleness."),
        _WAIT_FOR,
        _opt("flag", "--down", help="Autodown the cluster after all jobs finish."),
        _opt("flag", "--retry-until-up", "-r", help="Retry provisioning until the cluster is up."),
        _YES,
        _opt("flag", "--no-setup", help="Skip setup phase when (re-)launching cluster."),
        _opt("str", "--clone-disk-from", "--clone", help="[Experimental] Clone disk from a cluster."),
        _opt("flag", "--fast", help="[Experimental] Skip provisioning and setup if UP."),
        _opt("str", "--git-url", help="Git repository URL."),
        _opt("str", "--git-ref", help="Git reference (branch, tag, or commit hash) to use."),
    ),
    # docs/skypilot-facts.md#down-and-stop
    "down": _table(
        _CONFIG, _ALL, _ALL_USERS, _YES,
        _opt("flag", "--purge", "-p", help="(Advanced) Forcefully remove the cluster(s)."),
        _opt("flag", "--graceful", help="Wait for MOUNT_CACHED uploads before teardown."),
        _opt("int", "--graceful-timeout", help="Timeout in seconds for --graceful."),
        _ASYNC,
    ),
    "stop": _table(
        _CONFIG, _ALL, _ALL_USERS, _YES,
        _opt("flag", "--graceful", help="Wait for MOUNT_CACHED uploads before stopping."),
        _opt("int", "--graceful-timeout", help="Timeout in seconds for --graceful."),
        _ASYNC,
    ),
    # docs/skypilot-facts.md#start
    "start": _table(
        _CONFIG, _ALL, _YES,
        _opt("int", "--idle-minutes-to-autostop", "-i",
             help="Automatically stop the cluster after this many minutes of idleness."),
        _WAIT_FOR,
        _opt("flag", "--down", help="Autodown the cluster (requires -i)."),
        _opt("flag", "--retry-until-up", "-r", help="Retry provisioning until the cluster is up."),
        _opt("flag", "--force", "-f", help="Force start the cluster even if it is already UP."),
        _ASYNC,
    ),
    # docs/skypilot-facts.md#status
    "status": _table(
        _CONFIG,
        _opt("flag", "--verbose", "-v", help="Show all information in full."),
        _opt("flag", "--refresh", "-r", help="Query the latest cluster statuses from the clouds."),
        _opt("flag", "--ip", help="Get the IP address of the head node of a cluster."),
        _opt("flag", "--endpoints", help="Get all exposed endpoints of a cluster."),
        _opt("int", "--endpoint", help="Get the endpoint URL for the given port."),
        _opt("flag", "--show-managed-jobs", off=["--no-show-managed-jobs"],
             help="Also show recent in-progress managed jobs, if any."),
        _opt("flag", "--show-services", off=["--no-show-services"],
             help="Also show sky serve services, if any."),
        _opt("flag", "--show-pools", off=["--no-show-pools"], help="Also show pools, if any."),
        _ALL_USERS, _OUTPUT,
    ),
    # docs/skypilot-facts.md#queue
    "queue": _table(
        _CONFIG, _ALL_USERS,
        _opt("flag", "--skip-finished", "-s", help="Show only pending/running jobs."),
        _OUTPUT,
    ),
    # docs/skypilot-facts.md#logs
    "logs": _table(
        _CONFIG,
        _opt("flag", "--provision", help="Stream the cluster provisioning logs."),
        _opt("int", "--worker", "-w", help="The worker ID to stream the logs from."),
        _opt("flag", "--autostop", hidden=True, help="Stream the autostop hook logs."),
        _opt("flag", "--sync-down", "-s", help="Sync down the logs of a job."),
        _opt("flag", "--status", help="Exit with a status code for the job's status."),
        _opt("flag", "--follow", off=["--no-follow"], help="Follow the logs of a job."),
        _opt("int", "--tail", help="The number of lines to display from the end of the log."),
    ),
    # docs/skypilot-facts.md#cancel
    "cancel": _table(_CONFIG, _ALL, _ALL_USERS, _YES, _ASYNC),
    # docs/skypilot-facts.md#autostop
    "autostop": _table(
        _CONFIG, _ALL, _ALL_USERS,
        _opt("int", "--idle-minutes", "-i", help="Idle minutes before autostopping the cluster."),
        _WAIT_FOR,
        _opt("flag", "--cancel", help="Cancel any currently active auto{stop,down} setting."),
        _opt("flag", "--down", help="Use autodown instead of autostop."),
        _YES, _ASYNC,
    ),
    # Managed jobs (sky/client/cli/command.py jobs_launch, jobs_queue, jobs_cancel, jobs_logs).
    "jobs launch": _table(
        _CONFIG, *_TASK_OPTIONS_WITH_NAME, *_EXTRA_RESOURCES_OPTIONS, _ASYNC,
        _opt("str", "--cluster", "-c", hidden=True, help="Alias for --name, the name of the managed job."),
        _opt("str", "--job-recovery", help="Recovery strategy to use for managed jobs."),
        _opt("flag", "--detach-run", "-d", help="Return as soon as the job is submitted."),
        _opt("str", "--pool", "-p", help="(Experimental; optional) Pool to use for jobs submission."),
        _opt("int", "--num-jobs", help="Number of jobs to submit."),
        _opt("str", "--git-url", help="Git repository URL."),
        _opt("str", "--git-ref", help="Git reference (branch, tag, or commit hash) to use."),
        _YES,
    ),
    "jobs queue": _table(
        _CONFIG,
        _opt("flag", "--verbose", "-v", help="Show all information in full."),
        _opt("int", "--limit", "-l", help="Number of jobs to show."),
        _opt("flag", "--refresh", "-r", help="Query the latest statuses."),
        _opt("flag", "--skip-finished", help="Show only pending/running jobs' information."),
        _opt("str", "--since", help="Show only jobs submitted within this time window."),
        _opt("str", "--after", help="Show only jobs submitted at or after this time."),
        _opt("str", "--before", help="Show only jobs submitted at or before this time."),
        _opt("str", "--infra", help="Show only jobs running on this infrastructure."),
        _opt("flag", "--all-users", "-u", help="Show jobs from all users."),
        _opt("flag", "--all", "-a", help="Show all jobs."),
        _OUTPUT,
    ),
    "jobs cancel": _table(
        _CONFIG,
        _opt("str", "--name", "-n", help="Managed job name to cancel."),
        _opt("str", "--pool", "-p", help="Pool name to cancel."),
        _opt("str", "--task", help="Cancel one dynamic task of the job."),
        _opt("flag", "--graceful", help="Wait for MOUNT_CACHED uploads before cancelling."),
        _opt("int", "--graceful-timeout", help="Timeout in seconds for --graceful."),
        _opt("flag", "--all", "-a", help="Cancel all managed jobs for the current user."),
        _YES,
        _opt("flag", "--all-users", "-u", help="Cancel all managed jobs from all users."),
    ),
    "jobs logs": _table(
        _CONFIG,
        _opt("str", "--name", "-n", help="Managed job name."),
        _opt("flag", "--follow", off=["--no-follow"], help="Follow the logs of the job."),
        _opt("flag", "--controller", help="Show the controller logs of this job."),
        _opt("flag", "--refresh", "-r", help="Query the latest job logs."),
        _opt("flag", "--sync-down", "-s", help="Download logs for all jobs shown in the queue."),
        _opt("int", "--tail", help="Number of lines to display from the end of the log file."),
    ),
}

# Positional arguments: (metavar, required, nargs (-1 = any), type).
ARGUMENTS = {
    "exec": [("CLUSTER", False, 1, "str"), ("ENTRYPOINT", False, -1, "str")],
    "launch": [("ENTRYPOINT", False, -1, "str")],
    "down": [("CLUSTERS", False, -1, "str")],
    "stop": [("CLUSTERS", False, -1, "str")],
    "start": [("CLUSTERS", False, -1, "str")],
    "status": [("CLUSTERS", False, -1, "str")],
    "queue": [("CLUSTERS", False, -1, "str")],
    "logs": [("CLUSTER", True, 1, "str"), ("JOB_IDS", False, -1, "str")],
    "cancel": [("CLUSTER", True, 1, "str"), ("JOBS", False, -1, "int")],
    "autostop": [("CLUSTERS", False, -1, "str")],
    "jobs launch": [("ENTRYPOINT", True, -1, "str")],
    "jobs queue": [],
    "jobs cancel": [("JOB_IDS", False, -1, "int")],
    # int, converted by the command (the parser converts only nargs=-1 ints)
    "jobs logs": [("JOB_ID", False, 1, "str"), ("TASK", False, 1, "str")],
}

COMMAND_HELP = {
    "exec": "Execute a task or command on an existing cluster.",
    "launch": "Launch a cluster or task.",
    "down": "Tear down cluster(s).",
    "stop": "Stop cluster(s).",
    "start": "Restart cluster(s).",
    "status": "Show clusters.",
    "queue": "Show the job queue for cluster(s).",
    "logs": "Tail the log of a job.",
    "cancel": "Cancel job(s).",
    "autostop": "Schedule an autostop or autodown for cluster(s).",
    "jobs launch": "Launch a managed job from a YAML or a command.",
    "jobs queue": "Show statuses of managed jobs.",
    "jobs cancel": "Cancel managed jobs.",
    "jobs logs": "Tail or sync down the log of a managed job.",
}

# The `sky jobs` subcommands the fake implements, and real ones it does not.
MANAGED_SUBCOMMANDS = ["launch", "queue", "cancel", "logs"]
MANAGED_UNIMPLEMENTED = ["dashboard", "pool"]

# Real commands this fake does not implement (so they are not "No such command").
UNIMPLEMENTED_COMMANDS = ["check", "show-gpus", "gpus", "cost-report", "storage",
                          "serve", "ssh", "local", "volumes", "dashboard", "users",
                          "workspaces", "infra"]

# `sky api info` / `sky api start` (docs/skypilot-facts.md#api-server): the two api sub-commands the
# plugin runs, keyed "api <sub>" as the drift check asks for them.
OPTIONS["api info"] = _table(
    _opt("choice", "--output", "-o", choices=["table", "json"], help="Output format."),
)
OPTIONS["api start"] = _table(
    _opt("flag", "--deploy", help="Deploy the SkyPilot API server."),
    _opt("choice", "--host", choices=["0.0.0.0", "localhost", "127.0.0.1", "::", "::1"],
         help="The host to bind the SkyPilot API server to."),
    _opt("flag", "--foreground", help="Run the SkyPilot API server in the foreground."),
    _opt("flag", "--enable-basic-auth", help="Enable basic authentication in the SkyPilot API server."),
    _opt("int", "--port", help="The port to bind the SkyPilot API server to."),
)
ARGUMENTS["api info"] = []
ARGUMENTS["api start"] = []
COMMAND_HELP["api info"] = "Shows the SkyPilot API server URL."
COMMAND_HELP["api start"] = "Starts the SkyPilot API server locally."
