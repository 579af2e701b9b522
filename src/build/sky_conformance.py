#!/usr/bin/env python3
"""The real SkyPilot CLI against the plugin and against the fake `sky` of the ITs.

Runs under the pinned tool environment's Python (target/real-tools/venv/bin/python, made by
real_tools.py), where the real `sky` is importable. Two commands:

  drift   The fake `sky` (src/it/fake-bin/sky) must not accept what the real CLI does not: for
          every command the fake implements, each option spelling it accepts must exist in the
          real click command (hidden ones included, read from the command objects, not --help),
          take a value exactly when the real one does, repeat only when the real one does, and
          allow no choice the real one refuses. Then a table of bad command lines goes through
          both, and the fake's `Error: ...` line must be the real CLI's.

  check   Every sky argv the plugin composed in this build -- the unit corpus written by
          SkyArgvCorpusTest (target/sky-argv-corpus/unit.jsonl), every IT's
          .fake-sky/calls.log and the commands the dry-run ITs printed -- is given to the real
          CLI at three depths, and any refusal fails the build naming the argv and the real
          CLI's own message:
            parse   the real click group and command parse it (Group/Command.make_context):
                    option names, arity, types, choices, existing --workdir, --env/--secret
            client  the real command function runs on it, with every sky.client.sdk call (and
                    every sky.jobs.client.sdk call, for `sky jobs ...`) replaced by a stub: everything the CLI does before talking to an API server
                    (its own usage checks, the entrypoint and task YAML, --infra, --gpus,
                    resources) must pass, and the first API request is where it stops
            binary  for one argv per subcommand, the real `sky` executable with --help put
                    before the `--` that ends the options: exit 0 (and a bad option: exit 2)

Nothing is contacted: HOME is a sandbox under target/, usage collection is off, the API server
endpoint variables are removed, and while the CLI runs in this process every socket connect and
every subprocess but `git` raises. After the run no process may be left with the sandbox HOME
(a local API server would be one) and the sandbox must hold no api_server directory.
"""

import argparse
import contextlib
import glob
import io
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time

# ---------------------------------------------------------------------------
# Sandbox: set before `sky` is imported.
# ---------------------------------------------------------------------------


def sandbox(home):
    home = os.path.abspath(home)
    os.makedirs(home, exist_ok=True)
    for key in list(os.environ):
        if key.startswith("SKYPILOT_") or key.startswith("SKY_"):
            del os.environ[key]
    os.environ.update({
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, ".config"),
        "XDG_CACHE_HOME": os.path.join(home, ".cache"),
        "SKYPILOT_DISABLE_USAGE_COLLECTION": "1",
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "TERM": "dumb",
    })
    return home


class NetworkOrProcessAttempt(Exception):
    pass


@contextlib.contextmanager
def captured_fds():
    """Everything written to fd 1 and 2 (print, click.echo, sky's loggers, whose handlers hold the
    original sys.stdout) goes to a buffer; yields a list that holds the text afterwards."""
    import tempfile
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    text = []
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 1)
        os.dup2(tmp.fileno(), 2)
        try:
            yield text
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except Exception:  # noqa: BLE001
                pass
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
            tmp.seek(0)
            text.append(tmp.read().decode("utf-8", "replace"))


@contextlib.contextmanager
def no_network_no_processes(seen):
    """While the real CLI runs in-process: sockets cannot connect, only `git` may be spawned."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_popen_init = subprocess.Popen.__init__
    real_fork = os.fork

    def connect(self, address):
        seen.append(f"connect {address!r}")
        raise NetworkOrProcessAttempt(f"the CLI tried to connect to {address!r}")

    def connect_ex(self, address):
        seen.append(f"connect {address!r}")
        raise NetworkOrProcessAttempt(f"the CLI tried to connect to {address!r}")

    def popen_init(self, args, *rest, **kwargs):
        argv = [args] if isinstance(args, (str, bytes)) else list(args)
        if argv and os.path.basename(str(argv[0])) == "git":
            return real_popen_init(self, args, *rest, **kwargs)  # `git rev-parse`: local
        seen.append(f"spawn {argv!r}")
        raise NetworkOrProcessAttempt(f"the CLI tried to start {argv!r}")

    def fork():
        seen.append("fork")
        raise NetworkOrProcessAttempt("the CLI tried to fork")

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    subprocess.Popen.__init__ = popen_init
    os.fork = fork
    try:
        yield
    finally:
        socket.socket.connect = real_connect
        socket.socket.connect_ex = real_connect_ex
        subprocess.Popen.__init__ = real_popen_init
        os.fork = real_fork


# ---------------------------------------------------------------------------
# The real CLI
# ---------------------------------------------------------------------------
class RealCli:
    def __init__(self):
        import click  # noqa: F401  (the CLI's own click)
        from importlib.metadata import entry_points, version
        self.click = sys.modules["click"]
        self.version = version("skypilot")
        self.click_version = version("click")
        eps = [e for e in entry_points(group="console_scripts") if e.name == "sky"]
        self.entry_point = eps[0].value if eps else "?"
        try:
            from sky.client.cli import command  # 0.10+
            self.group = command.cli
        except ImportError:  # older layouts
            import sky.cli as command
            self.group = command.cli
        # The console script `sky = sky.cli:cli` calls this very group (sky/cli.py: command.cli()).
        if not isinstance(self.group, self.click.Group):
            raise SystemExit(f"[conformance] sky {self.version}: no click group at the CLI's entry point")
        try:
            from sky.client import sdk
        except ImportError:
            sdk = None
        self.sdk = sdk
        # `sky jobs ...` calls the managed-jobs SDK through the `sky.jobs` package's own names.
        try:
            import sky.jobs as jobs_package
            from sky.jobs.client import sdk as jobs_sdk
        except ImportError:
            jobs_package = jobs_sdk = None
        self.sdk_modules = [m for m in (sdk, jobs_sdk) if m is not None]
        self.sdk_holders = self.sdk_modules + ([jobs_package] if jobs_package is not None else [])

    def command(self, name):
        """A command by its path: "exec", or "api info" in a sub-group."""
        cmd = self.group
        for part in name.split():
            cmd = getattr(cmd, "commands", {}).get(part)
            if cmd is None:
                return None
        return cmd

    # -- parse ------------------------------------------------------------
    def parse(self, argv):
        """(ok, message): the real click parser's verdict, as the `sky` process would print it."""
        with captured_fds():
            return self._parse(argv)

    def _parse(self, argv):
        click = self.click
        try:
            with self.group.make_context("sky", list(argv)) as ctx:
                rest = [*getattr(ctx, "protected_args", []), *ctx.args]
                if not rest:
                    return True, "group only"
                return self._parse_sub(ctx, self.group, rest)
        except click.exceptions.Exit as e:
            return e.exit_code == 0, f"exit {e.exit_code}"
        except click.ClickException as e:
            buf = io.StringIO()
            e.show(file=buf)
            return False, buf.getvalue().strip()

    def _parse_sub(self, parent, group, rest):
        """A command of the group, down through nested groups (`sky jobs launch ...`)."""
        name, cmd, args = group.resolve_command(parent, rest)
        with cmd.make_context(name, args, parent=parent) as ctx:
            if isinstance(cmd, self.click.Group):
                sub = [*getattr(ctx, "protected_args", []), *ctx.args]
                if not sub:
                    return True, "group only"
                return self._parse_sub(ctx, cmd, sub)
            return True, "parsed"

    # -- client -----------------------------------------------------------
    def run_client(self, argv):
        """Runs the real command function with the SDK stubbed out. Returns (ok, summary, output)."""
        click = self.click

        class Reached(Exception):
            pass

        saved = {}
        sdk_names = {m.__name__ for m in self.sdk_modules}
        for holder in self.sdk_holders:
            for name in dir(holder):
                fn = getattr(holder, name)
                if name.startswith("_") or not callable(fn) or isinstance(fn, type):
                    continue
                if getattr(fn, "__module__", "") not in sdk_names:
                    continue
                saved[(holder, name)] = fn

                def stub(*args, _name=name, **kwargs):
                    raise Reached(_name, args, kwargs)
                setattr(holder, name, stub)
        seen = []
        real_stdin = sys.stdin
        output = []
        try:
            sys.stdin = io.StringIO("")  # a prompt gets EOF, as under Maven
            with captured_fds() as output, no_network_no_processes(seen):
                try:
                    self.group.main(list(argv), prog_name="sky", standalone_mode=False)
                    verdict = True, "returned without an API request", None
                except Reached as r:
                    verdict = True, f"reached sdk.{r.args[0]}", r.args
                except click.exceptions.Exit as e:
                    verdict = e.exit_code == 0, f"exit {e.exit_code}", None
                except click.exceptions.Abort:
                    verdict = False, "Aborted! (the CLI prompted)", None
                except click.ClickException as e:
                    buf = io.StringIO()
                    e.show(file=buf)
                    verdict = False, buf.getvalue().strip(), None
                except NetworkOrProcessAttempt as e:
                    verdict = False, f"sandbox: {e}", None
                except SystemExit as e:
                    verdict = e.code in (0, None), f"exit {e.code}", None
                except Exception as e:  # what `sky` prints without a traceback, exit 1
                    verdict = False, f"{type(e).__module__}.{type(e).__name__}: {e}", None
        finally:
            sys.stdin = real_stdin
            for (holder, name), fn in saved.items():
                setattr(holder, name, fn)
        ok, summary, reached = verdict
        return ok, summary, "".join(output), reached


# ---------------------------------------------------------------------------
# Corpus
# ---------------------------------------------------------------------------
GOAL_RE = re.compile(r"remote:(exec|pytest|provision|down|logs|cancel|status)\b")
POM_GOAL_RE = re.compile(r"<goal>\s*(exec|pytest|provision|down|logs|cancel|status)\s*</goal>")


def it_goals(it_dir):
    goals = []
    props = os.path.join(it_dir, "invoker.properties")
    texts = []
    if os.path.isfile(props):
        texts.append(open(props, encoding="utf-8").read())
    found = [g for t in texts for g in GOAL_RE.findall(t)]
    if not found:
        for pom in glob.glob(os.path.join(it_dir, "**", "pom.xml"), recursive=True):
            if "/.fake-sky/" in pom or "/target/" in pom[len(it_dir):]:
                continue
            found += POM_GOAL_RE.findall(open(pom, encoding="utf-8").read())
    for g in found:
        if g not in goals:
            goals.append(g)
    return goals


def goal_of(argv, goals):
    """Which goal emitted an argv: by its subcommand, with the IT's goals to tell the status and down
    of remote:down from those of remote:provision (a failed launch's cleanup)."""
    sub = next((a for a in argv if not a.startswith("-")), argv[0] if argv else "")
    if sub == "jobs":
        # managed jobs: launched and followed by exec/pytest (remote.managed), or by the goals that
        # follow, cancel and list jobs
        wanted = {"launch": ("exec", "pytest"), "logs": ("logs", "exec", "pytest"),
                  "cancel": ("cancel", "exec", "pytest"), "queue": ("status",)}
        words = [a for a in argv if not a.startswith("-")]
        for goal in wanted.get(words[1] if len(words) > 1 else "", ()):
            if goal in goals:
                return goal
        return goals[0] if goals else "exec"
    if sub in ("logs", "queue") and any(g in goals for g in ("logs", "status")):
        return "logs" if sub == "logs" and "logs" in goals else "status"
    if sub == "cancel" and "cancel" in goals:
        return "cancel"
    if sub == "status" and "status" in goals:
        return "status"
    if sub == "exec":
        return "pytest" if " -m pytest " in (argv[-1] if argv else "") else "exec"
    if sub in ("launch", "start", "autostop", "stop"):
        return "provision"
    if sub == "cancel":
        return next((g for g in goals if g in ("exec", "pytest")), "exec")
    if sub == "down":
        return "provision" if "provision" in goals and "down" not in goals else "down"
    if sub == "status":
        return "down" if "down" in goals and "provision" not in goals else "provision"
    return goals[0] if goals else "provision"


def load_ignores(path):
    ignores = {}
    if path and os.path.isfile(path):
        for line in open(path, encoding="utf-8"):
            line = line.split("#", 1)[0].strip()
            if line:
                name, _, reason = line.partition(" ")
                ignores[name] = reason.strip() or "listed in " + path
    return ignores


def dry_run_entries(build_log, it_name, goals, task_dir):
    """The `sky ...` lines the dry-run goals printed, split as a shell would, with the printed
    task YAML written back to a file (a dry run writes none)."""
    entries = []
    lines = open(build_log, encoding="utf-8", errors="replace").read().splitlines()
    marker = "Dry run (remote.dryRun), not running: "
    i = 0
    while i < len(lines):
        line = lines[i]
        pos = line.find(marker)
        if pos < 0:
            i += 1
            continue
        text = line[pos + len(marker):]
        argv = None
        for extra in range(0, 50):
            try:
                argv = shlex.split(text)
                break
            except ValueError:
                if i + extra + 1 >= len(lines):
                    break
                text += "\n" + lines[i + extra + 1]
        i += 1
        if not argv or not os.path.basename(argv[0]).startswith("sky"):
            continue
        entry = {"argv": argv[1:], "source": f"dry-run:{it_name}", "it": it_name,
                 "goal": goal_of(argv[1:], goals), "cwd": os.path.dirname(build_log)}
        # `sky launch <yaml>` and `sky jobs launch <yaml>`: the task YAML a dry run printed
        at = 2 if len(argv) > 2 and argv[1] == "launch" else 3 if argv[1:3] == ["jobs", "launch"] else None
        if at is not None and len(argv) > at and not os.path.exists(argv[at]):
            yaml_lines = _printed_task(lines, argv[at])
            if yaml_lines is not None:
                use_task_copy(entry, at - 1, "\n".join(yaml_lines) + "\n", task_dir,
                              f"{it_name}-{os.path.basename(argv[at])}", "rebuilt from the dry-run log")
        entries.append(entry)
    return entries


def restore_task_file(entry, rec, task_dir):
    """A managed job's task YAML is deleted once `sky jobs launch` returned: load the copy the fake recorded."""
    path = rec.get("task_yaml_path")
    if not path or os.path.exists(path) or path not in entry["argv"]:
        return
    use_task_copy(entry, entry["argv"].index(path), rec["task_yaml"], task_dir,
                  f"{entry['it']}-{rec.get('pid', 0)}-{os.path.basename(path)}", "restored from the fake's record")


def use_task_copy(entry, at, text, task_dir, name, how):
    """Writes a task YAML that is no longer where the argv says into task_dir, and points argv[at] at it."""
    os.makedirs(task_dir, exist_ok=True)
    copy = os.path.join(task_dir, name)
    with open(copy, "w", encoding="utf-8") as f:
        f.write(text)
    entry["note"] = f"task YAML {entry['argv'][at]} {how}"
    entry["argv"] = entry["argv"][:at] + [copy] + entry["argv"][at + 1:]


def _printed_task(lines, yaml_path):
    header = f"Dry run: task YAML {yaml_path} would be:"
    for i, line in enumerate(lines):
        if line.endswith(header):
            out = []
            for follow in lines[i + 1:]:
                if not follow.startswith("[INFO]   ") and follow.rstrip() != "[INFO]":
                    break
                out.append(follow[len("[INFO]   "):])
            return out
    return None


def collect(unit_path, it_root, ignores, task_dir):
    entries, skipped = [], []
    # unit.jsonl and its siblings (unit-jobs.jsonl: the goals that follow, cancel and list jobs, managed jobs)
    unit_files = sorted(glob.glob(os.path.join(os.path.dirname(unit_path), "unit*.jsonl"))) \
        if unit_path and os.path.isfile(unit_path) else []
    for path in unit_files:
        for line in open(path, encoding="utf-8"):
            if line.strip():
                rec = json.loads(line)
                rec.setdefault("source", "unit")
                entries.append(rec)
    if it_root and os.path.isdir(it_root):
        for it_dir in sorted(glob.glob(os.path.join(it_root, "*"))):
            if not os.path.isdir(it_dir):
                continue
            name = os.path.basename(it_dir)
            goals = it_goals(it_dir)
            logs = sorted(p for p in glob.glob(os.path.join(it_dir, "**", ".fake-sky", "calls.log"),
                                               recursive=True, include_hidden=True)
                          if "/clusters/" not in p[len(it_dir):])
            found = []
            for log in logs:
                for line in open(log, encoding="utf-8", errors="replace"):
                    if not line.strip():
                        continue
                    rec = json.loads(line)
                    entry = {"argv": rec["argv"], "source": f"it:{name}", "it": name,
                             "goal": goal_of(rec["argv"], goals), "cwd": rec.get("cwd", it_dir)}
                    restore_task_file(entry, rec, task_dir)
                    found.append(entry)
            build_log = os.path.join(it_dir, "build.log")
            if os.path.isfile(build_log):
                found += dry_run_entries(build_log, name, goals, task_dir)
            if name in ignores:
                skipped += [dict(e, reason=ignores[name]) for e in found]
            else:
                entries += found
    return entries, skipped


# ---------------------------------------------------------------------------
# check
# ---------------------------------------------------------------------------
def env_names(argv):
    """Bare `--env NAME` / `--secret NAME` read the local environment, as the plugin's pre-flight
    demands; give such names a value here."""
    names = []
    stop = argv.index("--") if "--" in argv else len(argv)
    for i, a in enumerate(argv[:stop]):
        if a in ("--env", "--secret") and i + 1 < stop and "=" not in argv[i + 1]:
            names.append(argv[i + 1])
        elif a.startswith(("--env=", "--secret=")) and "=" not in a.split("=", 1)[1]:
            names.append(a.split("=", 1)[1])
    return names


@contextlib.contextmanager
def context_for(entry):
    cwd = os.getcwd()
    added = []
    for name in env_names(entry["argv"]):
        if name not in os.environ:
            os.environ[name] = "set-by-the-build-for-the-conformance-check"
            added.append(name)
    if entry.get("cwd") and os.path.isdir(entry["cwd"]):
        os.chdir(entry["cwd"])
    try:
        yield
    finally:
        os.chdir(cwd)
        for name in added:
            del os.environ[name]


def client_expectations(argv, reached, entry=None):
    """What the stubbed SDK call must have received: the plugin's remote command as the task's
    run command, our cluster name, a task loaded from the YAML."""
    if reached is None:
        return None
    fn, args, kwargs = reached
    sub = argv[0]
    if sub == "exec" and fn == "exec":
        task = args[0] if args else kwargs.get("task")
        run = getattr(task, "run", None)
        if "--" in argv and run != " ".join(argv[argv.index("--") + 1:]):
            return f"the task's run command is {run!r}, not the argv after --"
        cluster = args[1] if len(args) > 1 else kwargs.get("cluster_name")
        if cluster != argv[1]:
            return f"exec went to cluster {cluster!r}"
    if sub == "launch" and fn == "launch":
        cluster = kwargs.get("cluster_name", args[1] if len(args) > 1 else None)
        want = argv[argv.index("--cluster") + 1] if "--cluster" in argv else None
        if want and cluster != want:
            return f"launch named the cluster {cluster!r}, not {want!r}"
        task = args[0] if args else kwargs.get("task")
        if getattr(task, "run", None):
            return "the entrypoint was read as a command, not as the task YAML"
    if argv[:2] == ["jobs", "launch"] and fn == "launch":
        dag = args[0] if args else kwargs.get("dag")
        tasks = list(getattr(dag, "tasks", []) or [])
        want = argv[argv.index("--name") + 1] if "--name" in argv else None
        if len(tasks) != 1 or not getattr(tasks[0], "run", None):
            return "the managed job's task YAML was not read as one task with a run command"
        if want and getattr(dag, "name", None) != want:
            return f"the managed job is named {getattr(dag, 'name', None)!r}, not {want!r}"
        if entry and entry.get("expect_run") is not None and tasks[0].run != entry["expect_run"]:
            return f"the managed job's run command is {tasks[0].run!r}, not {entry['expect_run']!r}"
    return None


def check(args):
    args.sky = os.path.abspath(args.sky) if args.sky else None
    home = sandbox(os.path.join(args.out, "home"))
    os.makedirs(args.out, exist_ok=True)
    started = time.monotonic()
    ignores = load_ignores(args.ignore)
    entries, skipped = collect(args.unit, args.its, ignores, os.path.join(args.out, "dry-run-tasks"))

    # One check per distinct argv (paths included: the real CLI checks they exist).
    distinct = {}
    for e in entries:
        distinct.setdefault(json.dumps(e["argv"]), []).append(e)
    if not distinct:
        print(f"[conformance] no sky argv recorded (unit tests and ITs skipped?): nothing to check")
        return 0
    binary_started = start_binary_checks(args.sky, [json.loads(k) for k in distinct], args.out)
    cli = RealCli()
    print(f"[conformance] real CLI: skypilot {cli.version} (click {cli.click_version}, "
          f"console script sky = {cli.entry_point}), HOME={home}")

    results, failures = [], []
    for key, group in distinct.items():
        argv = json.loads(key)
        entry = group[0]
        t0 = time.monotonic()
        with context_for(entry):
            ok, message = cli.parse(argv)
            depth = "parse"
            client = ("-", "", None)
            bad = None
            if ok and argv[:1] != ["--version"] and args.depth == "client":
                ok, message, output, reached = cli.run_client(argv)
                depth = "client"
                client = (message, output, reached)
                bad = client_expectations(argv, reached, entry) if ok else None
                if bad:
                    ok, message = False, bad
            if not ok and depth == "client":
                message = message + ("\n" + output.strip() if output.strip() else "")
        result = {"argv": argv, "ok": ok, "depth": depth, "message": message, "ms": round((time.monotonic() - t0) * 1000),
                  "sources": sorted({g["source"] for g in group}), "goals": sorted({g["goal"] for g in group}),
                  "notes": sorted({g["note"] for g in group if g.get("note")})}
        results.append(result)
        if not ok:
            failures.append(result)

    binary = finish_binary_checks(binary_started)
    leftovers = leftover_processes(home)
    api_dir = os.path.join(home, ".sky", "api_server")

    # Coverage.
    subcommands = sorted({r["argv"][0] for r in results if r["argv"]})
    goals = sorted({g for r in results for g in r["goals"]})
    sources = {}
    for r in results:
        for s in r["sources"]:
            kind = s.split(":", 1)[0]
            sources[kind] = sources.get(kind, 0) + 1
    problems = []
    if failures:
        problems.append(f"{len(failures)} argv refused by the real sky {cli.version}")
    if any(not b["ok"] for b in binary):
        problems.append("the real `sky` executable disagreed (see binary checks)")
    if leftovers:
        problems.append(f"processes left with the sandbox HOME: {leftovers}")
    if os.path.isdir(api_dir) and os.listdir(api_dir):  # (some versions make it empty at import)
        problems.append(f"an API server was started: {api_dir} holds {os.listdir(api_dir)}")
    full = os.path.isfile(args.unit or "") and sources.get("it", 0) > 0
    if full:
        if len(results) < args.min_distinct:
            problems.append(f"only {len(results)} distinct argv (need {args.min_distinct})")
        missing = [g for g in ("exec", "pytest", "provision", "down") if g not in goals]
        if missing:
            problems.append(f"no argv from the goals {missing}")
    else:
        print("[conformance] partial corpus (the unit corpus or the ITs' records are absent): "
              f"the thresholds (>= {args.min_distinct} distinct argv, all four goals) apply to the full one")

    report = {"skypilot": cli.version, "click": cli.click_version, "distinct_argv": len(results),
              "records": len(entries), "by_source": sources, "subcommands": subcommands, "goals": goals,
              "skipped": [{"argv": s["argv"], "source": s["source"], "reason": s["reason"]} for s in skipped],
              "binary": binary, "seconds": round(time.monotonic() - started, 1), "problems": problems,
              "results": results}
    with open(os.path.join(args.out, "conformance.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
    with open(os.path.join(args.out, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for r in results:
            f.write(json.dumps({"argv": r["argv"], "sources": r["sources"], "goals": r["goals"]}) + "\n")

    print(f"[conformance] {len(results)} distinct argv ({len(entries)} records; by source "
          f"{sources}; skipped {len(skipped)}) -- subcommands {subcommands}, goals {goals}")
    for b in binary:
        print(f"[conformance] binary: {'ok ' if b['ok'] else 'BAD'} exit {b['exit']}: sky "
              f"{shlex.join(b['argv'])[:160]}")
    by_message = {}
    for r in failures:
        by_message.setdefault(r["message"], []).append(r)
    for message, group in by_message.items():
        print(f"[conformance] REFUSED by the real sky {cli.version} ({group[0]['depth']}): "
              f"{len(group)} argv, e.g.")
        for r in group[:3]:
            print(f"    sky {shlex.join(r['argv'])}    (from {', '.join(r['sources'][:3])})")
        if len(group) > 3:
            print(f"    ... and {len(group) - 3} more: {os.path.join(args.out, 'conformance.json')}")
        print("  the real CLI said:")
        for line in message.splitlines():
            print(f"    | {line}")
    if problems:
        print("[conformance] FAILED: " + "; ".join(problems))
        return 1
    print(f"[conformance] all {len(results)} argv accepted by the real sky {cli.version} "
          f"({report['seconds']}s); report {os.path.join(args.out, 'conformance.json')}")
    return 0


def start_binary_checks(sky, argvs, cwd):
    """The real `sky` executable (its console script), started before the in-process checks and
    run alongside them: the longest exec and launch of the corpus with --help put before the `--`
    that ends the options (exit 0, its usage), and a bad option (exit 2, click's error)."""
    if not sky:
        return []
    runs = []
    for sub in ("exec", "launch"):
        cands = [a for a in argvs if a and a[0] == sub]
        if cands:
            argv = max(cands, key=len)
            cut = argv.index("--") if "--" in argv else len(argv)
            runs.append((argv[:cut] + ["--help"] + argv[cut:], 0, f"Usage: sky {sub} "))
    runs.append((["exec", "--no-such-option-for-the-check", "c", "--", "true"], 2, "No such option"))
    started = []
    for argv, want, text in runs:
        with context_for({"argv": argv, "cwd": None}):
            p = subprocess.Popen([sky] + argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, env=dict(os.environ), cwd=cwd)
        started.append((argv, want, text, p))
    return started


def finish_binary_checks(started):
    out = []
    for argv, want, text, p in started:
        stdout, _ = p.communicate(timeout=300)
        stdout = stdout.decode("utf-8", "replace")
        ok = p.returncode == want and text in stdout
        out.append({"argv": argv, "exit": p.returncode, "ok": ok,
                    "output": stdout if not ok else stdout.strip().splitlines()[-1] if stdout.strip() else ""})
    return out


def leftover_processes(home):
    """Processes whose environment has HOME=<sandbox> (a local API server would be one)."""
    found = []
    needle = f"HOME={home}".encode() + b"\0"
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if needle in f.read():
                    with open(f"/proc/{pid}/cmdline", "rb") as c:
                        cmdline = c.read().replace(b"\0", b" ").decode(errors="replace")
                    found.append(f"{pid}: {cmdline[:120]}")
        except OSError:
            pass
    return found


# ---------------------------------------------------------------------------
# drift
# ---------------------------------------------------------------------------
FAKE_COMMANDS = ["exec", "launch", "down", "stop", "start", "status", "queue", "logs", "cancel", "autostop",
                 "api info", "api start",
                 "jobs launch", "jobs queue", "jobs logs", "jobs cancel"]

# Bad command lines: the fake must refuse each with the real CLI's `Error:` line.
BAD_ARGV = [
    ["exec", "-y", "c", "--", "x"],
    ["exec", "c", "--down", "--", "x"],
    ["exec", "c", "--fast", "x"],
    ["exec", "c", "-i", "5", "--", "x"],
    ["exec", "c", "--workdir", "/does/not/exist", "--", "x"],
    ["exec", "c", "--env", "CONFORMANCE_UNSET_VARIABLE", "--", "x"],
    ["exec", "c", "--secret", "CONFORMANCE_UNSET_VARIABLE", "--", "x"],
    ["exec", "c", "--num-nodes", "two", "--", "x"],
    ["exec", "c", "--gpus"],
    ["exec"],
    ["exec", "c"],
    ["down", "--yes=1", "c"],
    ["down", "-yx", "c"],
    ["launch", "--idle-minute-to-autostop", "5", "t.yaml"],
    ["launch", "-i", "x", "t.yaml"],
    ["launch", "--disk-tier", "fast", "t.yaml"],
    ["launch", "--wait-for", "ever", "t.yaml"],
    ["start", "--purge", "c"],
    ["stop", "--purge", "c"],
    ["down", "--idle-minutes-to-autostop", "5", "c"],
    ["status", "-o", "yaml"],
    ["status", "--endpoint", "x", "c"],
    ["queue", "-o", "yaml", "c"],
    ["logs"],
    ["logs", "c", "--tail", "x"],
    ["cancel"],
    ["cancel", "c", "x"],
    ["autostop", "-i", "x", "c"],
    ["autostop", "--idle-minutes-to-autostop", "5", "c"],
    ["nosuch"],
    ["jobs", "launch"],
    ["jobs", "launch", "--job-recovery"],
    ["jobs", "launch", "-y", "--no-such-option", "t.yaml"],
    ["jobs", "logs", "x"],
    ["jobs", "logs", "--tail", "x", "1"],
    ["jobs", "cancel", "-y"],
    ["jobs", "cancel", "-y", "x"],
    ["jobs", "cancel", "-y", "-a", "3"],
    ["jobs", "queue", "-o", "yaml"],
    ["jobs", "nosuch"],
]


# The fake `uv` against the real one: (pyproject.toml or None, argv). Both run in a fresh copy of
# the project; the exit code, the first significant stderr line and (on success) stdout must match.
_PYPROJECT = ('[project]\nname = "My_Proj"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n\n'
              '[project.optional-dependencies]\nTPU_extra = []\ngpu = []\n\n'
              '[dependency-groups]\nDev_Group = []\n')
_NO_PROJECT = '[tool.something]\na = 1\n'
UV_CASES = [
    (_PYPROJECT, ["run", "--extra", "cuda", "python", "x.py"]),
    (_PYPROJECT, ["run", "--group", "lint", "python", "x.py"]),
    (_PYPROJECT, ["run", "--group", "lint", "--extra", "cuda", "python", "x.py"]),
    (_PYPROJECT, ["run", "--group", "dev.group", "--extra", "tpu-extra", "python", "x.py", "a b", ""]),
    (_PYPROJECT, ["run", "--group", "Dev_Group", "--extra", "gpu", "python", "-c",
                  "import sys; print(sys.argv[1:]); sys.exit(3)", "--lr", "1"]),
    (_PYPROJECT, ["run", "--bogus", "python", "x.py"]),
    (_PYPROJECT, ["run", "--extra"]),
    (_PYPROJECT, ["run", "--extra", "gpu"]),
    (_PYPROJECT, ["run", "--extra", "gpu", "no-such-command-for-the-check"]),
    (_NO_PROJECT, ["run", "--extra", "gpu", "python", "x.py"]),
    (_NO_PROJECT, ["run", "--group", "dev", "python", "x.py"]),
    ("[project\n", ["run", "--extra", "gpu", "python", "x.py"]),
    (None, ["run", "--group", "dev", "python", "x.py"]),
]
_UV_NOISE = re.compile(r"^(Using CPython|Creating virtual environment|Resolved|Prepared|Installed|"
                       r"Audited|Uninstalled|Building|Built|warning: No `requires-python`)")


def _uv_significant(stderr):
    return next((l for l in stderr.splitlines() if l.strip() and not _UV_NOISE.match(l)), "")


def uv_drift(real_uv, fake_uv, out):
    import shutil
    import tempfile
    findings, rows = [], []
    cache = os.path.join(out, "uv-cache")
    for pyproject, argv in UV_CASES:
        got = {}
        for which, exe in (("real", real_uv), ("fake", fake_uv)):
            d = tempfile.mkdtemp(prefix=f"uv-{which}-", dir=out)
            if pyproject is not None:
                with open(os.path.join(d, "pyproject.toml"), "w") as f:
                    f.write(pyproject)
            with open(os.path.join(d, "x.py"), "w") as f:
                f.write("import sys\nprint('ran', sys.argv[1:])\n")
            env = {k: v for k, v in os.environ.items() if not k.startswith(("UV_", "FAKE_", "VIRTUAL_ENV"))}
            env.update(UV_OFFLINE="1", UV_PYTHON_DOWNLOADS="never", UV_CACHE_DIR=cache, UV_NO_CONFIG="1",
                       UV_NO_PROGRESS="1")
            proc = subprocess.run([exe] + argv, cwd=d, env=env, capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL, timeout=120)
            stdout = proc.stdout if proc.returncode in (0, 3) else proc.stdout.split("\n", 1)[0]
            got[which] = (proc.returncode, _uv_significant(proc.stderr), stdout)
            shutil.rmtree(d, ignore_errors=True)
        same = got["real"] == got["fake"]
        rows.append({"argv": argv, "pyproject": pyproject, "real": got["real"], "fake": got["fake"], "same": same})
        if not same:
            findings.append(f"uv {shlex.join(argv)} (pyproject: {'none' if pyproject is None else pyproject.splitlines()[0]}): "
                            f"the fake gives {got['fake']!r}, the real uv {got['real']!r}")
    return findings, rows


def real_option_table(cli, name):
    click = cli.click
    cmd = cli.command(name)
    table = {}
    for p in cmd.params:
        if not isinstance(p, click.Option):
            continue
        choices = [str(c) for c in p.type.choices] if isinstance(p.type, click.Choice) else None
        info = {"names": list(p.opts), "off": list(p.secondary_opts), "flag": bool(p.is_flag),
                "multiple": bool(p.multiple), "choices": choices, "hidden": bool(p.hidden),
                "count": bool(getattr(p, "count", False))}
        for n in p.opts + p.secondary_opts:
            table[n] = info
    return table


def fake_option_table(fake, name):
    proc = subprocess.run([fake, "__fake-options", "--json", name], capture_output=True,
                          text=True, env=fake_env())
    if proc.returncode != 0:
        raise SystemExit(f"[drift] {fake} __fake-options --json {name}: {proc.stderr.strip()}")
    data = json.loads(proc.stdout)
    table = {}
    for opt in data["options"].values():
        for n in opt["names"] + opt.get("off", []):
            table[n] = opt
    return table


def fake_env():
    """No FAKE_* knob but the python the fake runs with (one with PyYAML; pom.xml sets it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAKE_")}
    env["FAKE_SKY_PYTHON"] = os.environ.get("FAKE_SKY_PYTHON") or sys.executable
    return env


def drift(args):
    args.fake = os.path.abspath(args.fake)
    home = sandbox(os.path.join(args.out, "home"))
    os.makedirs(args.out, exist_ok=True)
    cli = RealCli()
    errors, notes = [], []
    for name in FAKE_COMMANDS:
        if cli.command(name) is None:
            errors.append(f"sky {name}: the fake implements a command the real CLI lacks")
            continue
        real = real_option_table(cli, name)
        fake = fake_option_table(args.fake, name)
        for spelling, opt in sorted(fake.items()):
            r = real.get(spelling)
            if r is None:
                errors.append(f"sky {name} {spelling}: accepted by the fake, unknown to the real sky {cli.version}")
                continue
            if spelling in opt.get("off", []):
                if spelling not in r["off"]:
                    errors.append(f"sky {name} {spelling}: the fake's off-switch is an option of its own in the real CLI")
                continue
            fake_flag = opt["type"] == "flag"
            if fake_flag != r["flag"]:
                errors.append(f"sky {name} {spelling}: the fake takes {'no value' if fake_flag else 'a value'}, "
                              f"the real one {'no value' if r['flag'] else 'a value'}")
            if bool(opt.get("multiple")) and not r["multiple"]:
                errors.append(f"sky {name} {spelling}: the fake lets it repeat and collects a list, the real one does not")
            if opt.get("choices") and r["choices"] is not None:
                extra = sorted(set(c.lower() for c in opt["choices"]) - set(c.lower() for c in r["choices"]))
                if extra:
                    errors.append(f"sky {name} {spelling}: the fake accepts the choices {extra}, the real one does not")
            if bool(opt.get("hidden")) != r["hidden"]:
                notes.append(f"sky {name} {spelling}: hidden in the {'fake' if opt.get('hidden') else 'real'} "
                             f"CLI only")
        for spelling in sorted(set(real) - set(fake)):
            notes.append(f"sky {name} {spelling}: real option the fake does not implement "
                         f"(the plugin never emits it)")

    # Error wording: the same bad command lines through both.
    wording = []
    for argv in BAD_ARGV:
        os.environ.pop("CONFORMANCE_UNSET_VARIABLE", None)
        ok, message = cli.parse(argv)
        if ok:
            real_err = None
            r_ok, summary, _out, _ = cli.run_client(argv)
            if not r_ok:
                real_err = summary
        else:
            real_err = message
        if real_err is None:
            errors.append(f"drift table: the real sky accepts `sky {shlex.join(argv)}`; fix BAD_ARGV")
            continue
        real_line = next((l for l in real_err.splitlines() if l.startswith("Error:")), real_err.splitlines()[-1])
        proc = subprocess.run([args.fake] + argv, capture_output=True, text=True,
                              env=dict(fake_env(), FAKE_SKY_HOME=os.path.join(args.out, "fake-state")),
                              cwd=args.out, stdin=subprocess.DEVNULL)
        fake_line = next((l for l in proc.stderr.splitlines() if l.startswith("Error:")), proc.stderr.strip())
        same = fake_line == real_line and proc.returncode == 2
        wording.append({"argv": argv, "real": real_line, "fake": fake_line, "fake_exit": proc.returncode,
                        "same": same})
        if not same:
            errors.append(f"sky {shlex.join(argv)}: the fake says {fake_line!r} (exit {proc.returncode}), "
                          f"the real sky {cli.version} says {real_line!r} (exit 2)")

    uv_rows = []
    if args.real_uv and args.fake_uv:
        uv_findings, uv_rows = uv_drift(os.path.abspath(args.real_uv), os.path.abspath(args.fake_uv), args.out)
        errors += uv_findings

    report = {"skypilot": cli.version, "click": cli.click_version, "commands": FAKE_COMMANDS,
              "errors": errors, "notes": notes, "wording": wording, "uv": uv_rows}
    with open(os.path.join(args.out, "drift.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
    for n in notes:
        print(f"[drift] note: {n}")
    if errors:
        for e in errors:
            print(f"[drift] DRIFT: {e}")
        print(f"[drift] FAILED: the fakes accept or say what the real sky {cli.version} / uv do not "
              f"({len(errors)} finding(s)); fix src/it/fake-bin/fake_sky (options.py, parser.py) or src/it/fake-bin/uv")
        return 1
    print(f"[drift] fake sky matches the real sky {cli.version} (click {cli.click_version}): "
          f"{len(FAKE_COMMANDS)} commands' options, {len(wording)} usage errors word for word; "
          f"fake uv matches the real uv in {len(uv_rows)} cases")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check")
    c.add_argument("--unit", help="target/sky-argv-corpus/unit.jsonl")
    c.add_argument("--its", help="target/it")
    c.add_argument("--out", required=True)
    c.add_argument("--sky", help="the real sky executable, for the binary checks")
    c.add_argument("--ignore", help="file of `<it-name> <reason>` lines whose argv are not checked")
    c.add_argument("--min-distinct", type=int, default=50)
    c.add_argument("--depth", choices=["parse", "client"], default="client",
                   help="parse only (e.g. for an older SkyPilot whose SDK differs), or parse and client")
    d = sub.add_parser("drift")
    d.add_argument("--fake", required=True)
    d.add_argument("--out", required=True)
    d.add_argument("--real-uv", help="the real uv (target/real-tools/uv-bin/uv)")
    d.add_argument("--fake-uv", help="the fake uv (src/it/fake-bin/uv)")
    args = p.parse_args()
    return check(args) if args.cmd == "check" else drift(args)


if __name__ == "__main__":
    sys.exit(main())
