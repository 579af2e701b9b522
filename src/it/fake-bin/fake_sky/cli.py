"""`sky ...`: the top-level group options, the command dispatch, and how each way of ending maps
to an exit code (docs/skypilot-facts.md#exit-codes)."""

import json
import os
import sys
import time

from . import COMMIT, VERSION
from .api_server import api_server_main, cmd_api, ensure_api_server
from .cmd_cluster import cmd_autostop, cmd_down, cmd_start, cmd_status, cmd_stop
from .cmd_jobs import cmd_cancel, cmd_logs, cmd_queue
from .cmd_managed import run_group as run_jobs_group
from .cmd_run import cmd_exec, cmd_launch
from .errors import Abort, Exit, SkyError, UsageError
from .faults import apply_fault, print_environment_variable
from .options import OPTIONS, ARGUMENTS, UNIMPLEMENTED_COMMANDS
from .output import err, out
from .parser import all_names, no_such_option, parse_command, print_usage_error, render_group_help
from .state import record_call, record_team_env

COMMANDS = {"exec": cmd_exec, "launch": cmd_launch, "down": cmd_down, "stop": cmd_stop,
            "start": cmd_start, "status": cmd_status, "queue": cmd_queue, "logs": cmd_logs,
            "cancel": cmd_cancel, "autostop": cmd_autostop}


def fake_options(argv):
    as_json = "--json" in argv
    names = [a for a in argv if a != "--json"]
    if len(names) != 1 or names[0] not in OPTIONS:
        err(f"usage: sky __fake-options [--json] <{'|'.join(OPTIONS)}>")
        return 2
    table = OPTIONS[names[0]]
    if as_json:
        out(json.dumps({"options": table, "arguments": ARGUMENTS[names[0]]}, indent=2))
    else:
        for o in table.values():
            for n in all_names(o):
                out(n)
    return 0


def run(argv):
    if argv[:1] == ["__fake-options"]:
        return fake_options(argv[1:])
    if argv[:1] == ["__fake-api-server"] and len(argv) == 3:
        return api_server_main(argv[1], float(argv[2]))
    record_call()
    record_team_env()
    print_environment_variable()
    delay = os.environ.get("FAKE_SKY_DELAY_MS")
    if delay:
        time.sleep(int(delay) / 1000.0)
    # Faults hit the subcommand, or a bare `sky --version` probe (target "--version").
    target = next((a for a in argv if not a.startswith("-")), argv[0] if argv else "")
    apply_fault(target, argv[argv.index(target) + 1:] if target in argv else [])
    # Top-level group options come before the command name.
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        a = argv[i]
        if a in ("-v", "--version"):
            out(f"skypilot, version {VERSION}")
            return 0
        if a in ("-c", "--commit"):
            out(f"skypilot, commit {COMMIT}")
            return 0
        if a in ("-h", "--help"):
            out(render_group_help())
            return 0
        if a.split("=", 1)[0] in ("--install-shell-completion", "--uninstall-shell-completion"):
            i += 1 if "=" in a else 2
            continue
        raise_usage = UsageError(no_such_option(a.split("=", 1)[0], []))
        print_usage_error(None, raise_usage)
        return 2
    if i >= len(argv):
        err(render_group_help())
        return 2
    cmd, rest = argv[i], argv[i + 1:]
    if cmd == "api":
        try:
            return cmd_api(rest)
        except UsageError as e:
            print_usage_error("api " + rest[0], e)
            return 2
    if cmd == "jobs":  # the `sky jobs` group: managed jobs
        return run_jobs_group(rest)
    if cmd not in COMMANDS:
        if cmd in UNIMPLEMENTED_COMMANDS:
            err(f"fake sky: `sky {cmd}` exists in SkyPilot but is not implemented by this fake.")
            return 3
        print_usage_error(None, UsageError(f"No such command {cmd!r}."))
        return 2
    try:
        values, args = parse_command(cmd, rest)
        # As the real client: the server is needed (and started) once the command line parsed.
        ensure_api_server()
        return COMMANDS[cmd](values, args)
    except UsageError as e:
        print_usage_error(cmd, e)
        return 2


def main():
    try:
        code = run(sys.argv[1:])
    except Exit as e:
        code = e.code
    except UsageError as e:
        print_usage_error(None, e)
        code = 2
    except SkyError as e:
        # ux_utils.print_exception_no_traceback: "module.Class: message", no traceback.
        err(f"{e.cls}: {e.message}")
        code = 1
    except Abort:
        err("Aborted!")
        code = 1
    except KeyboardInterrupt:
        # Ctrl-C while tailing: the client exits, the job keeps running
        # (docs/skypilot-facts.md#ctrl-c-and-kill).
        err("")
        err("Aborted!")
        code = 1
    except BrokenPipeError:
        code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    sys.exit(code)
