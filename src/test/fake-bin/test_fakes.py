"""Tests for the fake `sky` and `uv` in src/it/fake-bin.

Run from the project root: python3 -m pytest src/test/fake-bin -q
Every test gets its own state dir (FAKE_SKY_HOME) and kills the jobs it left.
"""

import contextlib
import hashlib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE_BIN = os.path.normpath(os.path.join(HERE, "..", "..", "it", "fake-bin"))
SKY = os.path.join(FAKE_BIN, "sky")
# The python the fake runs with (src/it/fake-bin/sky): the build passes its venv's, which has PyYAML.
FAKE_SKY_PYTHON = os.environ.get("FAKE_SKY_PYTHON") or sys.executable
UV = os.path.join(FAKE_BIN, "uv")
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
CLUSTER = "gpu-demo-12345"


def strip(data):
    return ANSI.sub(b"", data).decode("utf-8", "replace")


# ---------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------
@pytest.fixture
def home(tmp_path):
    state = tmp_path / "state"
    yield state
    _kill_leftover_jobs(state)


@pytest.fixture
def env(home, tmp_path):
    e = {k: v for k, v in os.environ.items() if not k.startswith("FAKE_")}
    e["FAKE_SKY_PYTHON"] = FAKE_SKY_PYTHON
    e["PATH"] = FAKE_BIN + os.pathsep + e.get("PATH", "")
    e["FAKE_SKY_HOME"] = str(home)
    # No local API server (its first-call lines would change every exact-output check); the
    # api_server tests below turn it on.
    e["FAKE_SKY_API_SERVER"] = "off"
    e.pop("SKYPILOT_DEBUG", None)
    return e


@pytest.fixture
def project(tmp_path):
    p = tmp_path / "proj"
    p.mkdir()
    (p / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "0.1.0"\n\n'
        "[project.optional-dependencies]\ngpu = []\nTPU_extra = []\n\n"
        "[dependency-groups]\ndev = []\n")
    (p / "train.py").write_text(
        "import os, sys\n"
        "print('cuda=<%s>' % os.environ.get('CUDA_VISIBLE_DEVICES', 'unset'))\n"
        "for a in sys.argv[1:]:\n    print('arg=<%s>' % a)\n")
    return p


def sky(args, env, cwd=None, input=b"", timeout=30, check_rc=None):
    proc = subprocess.run([SKY] + list(args), env=env, cwd=cwd, input=input,
                          capture_output=True, timeout=timeout)
    if check_rc is not None:
        assert proc.returncode == check_rc, (proc.returncode, proc.stdout, proc.stderr)
    return proc


def make_cluster(home, name=CLUSTER, **fields):
    d = home / "clusters"
    d.mkdir(parents=True, exist_ok=True)
    rec = {"name": name, "status": "UP", "accelerators": "H100:1"}
    rec.update(fields)
    (d / f"{name}.json").write_text(json.dumps(rec))


def cluster_record(home, name=CLUSTER):
    path = home / "clusters" / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def job_record(home, job_id, cluster=CLUSTER):
    return json.loads((home / "jobs" / cluster / str(job_id) / "job.json").read_text())


def calls(home):
    return [json.loads(line) for line in (home / "calls.log").read_text().splitlines() if line]


def wait_for(predicate, timeout=10.0, interval=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


def read_until(proc, needle, timeout=10.0):
    """Read proc.stdout until needle appears (after stripping ANSI); returns the bytes."""
    buf = b""
    deadline = time.time() + timeout
    fd = proc.stdout.fileno()
    while needle not in strip(buf):
        remaining = deadline - time.time()
        if remaining <= 0:
            raise AssertionError(f"{needle!r} not seen; got {buf!r}")
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                raise AssertionError(f"EOF before {needle!r}; got {buf!r}")
            buf += chunk
    return buf


def proc_stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return {"state": fields[0], "ppid": int(fields[1]), "pgid": int(fields[2]),
            "sid": int(fields[3])}


def descendants(pid):
    children = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                children.setdefault(proc_stat(int(d))["ppid"], []).append(int(d))
            except (OSError, IndexError):
                pass
    result, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in result:
                result.add(c)
                todo.append(c)
    return result


def group_members(pgid):
    """Live (non-zombie) processes of a process group."""
    members = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                st = proc_stat(int(d))
            except (OSError, IndexError):
                continue
            if st["pgid"] == pgid and st["state"] != "Z":
                members.append(int(d))
    return members


def alive(pid):
    try:
        return proc_stat(pid)["state"] != "Z"
    except OSError:
        return False


def _kill_leftover_jobs(state):
    server = state / "api_server" / "server.json"
    if server.exists():
        pid = json.loads(server.read_text()).get("pid")
        if pid:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
    jobs = state / "jobs"
    if not jobs.is_dir():
        return
    for path in jobs.glob("*/*/job.json"):
        try:
            rec = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if rec.get("pgid"):
            try:
                os.killpg(rec["pgid"], signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


# ---------------------------------------------------------------------------
# Basics: files, version, calls.log, option tables
# ---------------------------------------------------------------------------
def test_files_are_executable_and_sky_runs_the_package_with_fake_sky_python():
    for path in (SKY, UV):
        assert os.access(path, os.X_OK)
    with open(UV) as f:
        assert f.readline().strip() == "#!/usr/bin/env python3"
    with open(SKY) as f:
        text = f.read()
    assert text.startswith("#!/bin/sh\n")
    assert 'exec "${FAKE_SKY_PYTHON:-python3}" "$here/fake_sky/__main__.py" "$@"' in text


@pytest.mark.parametrize("flag", ["--version", "-v"])
def test_version(env, flag):
    proc = sky([flag], env, check_rc=0)
    assert proc.stdout == b"skypilot, version 0.14.1\n"


def test_calls_log_one_json_line_per_invocation_even_in_parallel(env, home, tmp_path):
    procs = [subprocess.Popen([SKY, "status", f"c{i}", "-o", "json"], env=env, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for i in range(16)]
    pids = {p.pid for p in procs}
    assert all(p.wait(30) == 0 for p in procs)
    lines = calls(home)
    assert len(lines) == 16
    assert {c["pid"] for c in lines} == pids
    assert all(c["cwd"] == str(tmp_path) and c["argv"][0] == "status" for c in lines)
    # Every call carries its time, comparable with the jobs' start_at/end_at (ITs order calls and job ends).
    before = time.time()
    sky(["status", "-o", "json"], env, cwd=tmp_path, check_rc=0)
    assert before <= calls(home)[-1]["time"] <= time.time()


def test_default_state_dir_is_dot_fake_sky_in_cwd(env, tmp_path):
    del env["FAKE_SKY_HOME"]
    sky(["status", "-o", "json"], env, cwd=tmp_path, check_rc=0)
    assert json.loads((tmp_path / ".fake-sky" / "calls.log").read_text())["argv"] == \
        ["status", "-o", "json"]


def test_option_tables(env):
    exec_opts = sky(["__fake-options", "exec"], env, check_rc=0).stdout.decode().split()
    for name in ["--workdir", "--detach-run", "-d", "--env", "--secret", "--gpus", "--name",
                 "-n", "--async", "--config", "--git-url", "--git-ref", "--cluster", "-c",
                 "--infra", "--num-nodes", "--use-spot", "--no-use-spot"]:
        assert name in exec_opts
    for name in ["-y", "--yes", "--down", "-i", "--idle-minutes-to-autostop", "--dryrun", "-r",
                 "--fast", "--no-setup", "-no-d"]:
        assert name not in exec_opts
    launch_opts = sky(["__fake-options", "launch"], env, check_rc=0).stdout.decode().split()
    for name in ["-y", "--down", "-i", "--dryrun", "-r", "--fast", "--no-setup", "-no-d",
                 "--wait-for", "--clone-disk-from", "--clone"]:
        assert name in launch_opts
    table = json.loads(sky(["__fake-options", "--json", "exec"], env, check_rc=0).stdout)
    assert table["options"]["--cluster"]["hidden"] is True
    assert table["options"]["--env"]["multiple"] is True


def test_fake_options_is_not_recorded(env, home):
    sky(["__fake-options", "down"], env, check_rc=0)
    assert not (home / "calls.log").exists()


# ---------------------------------------------------------------------------
# Click-like parsing and usage errors
# ---------------------------------------------------------------------------
def test_exec_rejects_yes_like_click(env):
    proc = sky(["exec", "-y", CLUSTER, "--", "echo"], env, check_rc=2)
    assert proc.stdout == b""
    assert proc.stderr.decode() == (
        "Usage: sky exec [OPTIONS] [CLUSTER] [ENTRYPOINT]...\n"
        "Try 'sky exec -h' for help.\n\n"
        "Error: No such option: -y\n")


def test_click_82_wording_knob(env):
    # SkyPilot 0.14.1 pins click<8.2 (8.1 wording above); newer click says it differently.
    env["FAKE_SKY_CLICK"] = "8.2"
    proc = sky(["exec", CLUSTER, "-y", "--", "echo"], env, check_rc=2)
    assert proc.stderr.decode().endswith("Error: No such option '-y'.\n")
    proc = sky(["launch", "--idle-minute-to-autostop", "5", "t.yaml"], env, check_rc=2)
    assert proc.stderr.decode().endswith(
        "Error: No such option '--idle-minute-to-autostop'. Did you mean '--idle-minutes-to-autostop'?\n")


@pytest.mark.parametrize("args, message", [
    (["logs"], "Error: Missing argument 'CLUSTER'."),
    (["cancel"], "Error: Missing argument 'CLUSTER'."),
    (["exec"], "Error: Missing argument '[CLUSTER]' and '[ENTRYPOINT]...'"),
    (["exec", CLUSTER], "Error: Missing argument '[ENTRYPOINT]...'"),
    (["launch", "-i", "x"], "Error: Invalid value for '--idle-minutes-to-autostop' / '-i': "
                            "'x' is not a valid integer."),
    (["launch", "--disk-tier", "fast"], "Error: Invalid value for '--disk-tier': 'fast' is not "
                                        "one of 'low', 'medium', 'high', 'ultra', 'best', 'none'."),
    (["status", "-o", "yaml"], "Error: Invalid value for '--output' / '-o': 'yaml' is not one "
                               "of 'table', 'json'."),
    (["cancel", CLUSTER, "x"], "Error: Invalid value for '[JOBS]...': 'x' is not a valid integer."),
    (["exec", CLUSTER, "--workdir", "/does/not/exist", "--", "x"],
     "Error: Invalid value for '--workdir': Directory '/does/not/exist' does not exist."),
    (["exec", CLUSTER, "--env", "FAKE_TEST_UNSET_VAR", "--", "x"],
     "Error: FAKE_TEST_UNSET_VAR is not set in local environment."),
    (["exec", CLUSTER, "--secret", "FAKE_TEST_UNSET_VAR", "--", "x"],
     "Error: FAKE_TEST_UNSET_VAR is not set in local environment."),
    (["exec", "--fast", CLUSTER, "x"], "Error: No such option: --fast (Possible options: --async, --infra)"),
    (["launch", "--idle-minute-to-autostop", "5", "t.yaml"],
     "Error: No such option: --idle-minute-to-autostop Did you mean --idle-minutes-to-autostop?"),
    (["launch", "--network-tier", "none", "t.yaml"],
     "Error: Invalid value for '--network-tier': 'none' is not one of 'standard', 'best'."),
    (["down"], "Error: `sky down` requires either a cluster name or glob"),
    (["nosuch"], "Error: No such command 'nosuch'."),
])
def test_usage_errors_exit_2(env, args, message):
    proc = sky(args, env, check_rc=2)
    err = proc.stderr.decode()
    assert "Usage: sky" in err and "-h' for help." in err
    assert message in err


def test_workdir_that_is_a_file(env, tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("x")
    proc = sky(["exec", CLUSTER, "--workdir", str(f), "--", "x"], env, check_rc=2)
    assert f"Error: Invalid value for '--workdir': Directory '{f}' is a file." in proc.stderr.decode()


@pytest.mark.parametrize("args, message", [
    (["exec", CLUSTER, "--workdir"], "Error: Option '--workdir' requires an argument.\n"),
    (["launch", "-i"], "Error: Option '-i' requires an argument.\n"),
    (["down", "--yes=1", "x"], "Error: Option '--yes' does not take a value.\n"),
])
def test_option_value_errors_have_no_usage_header(env, args, message):
    proc = sky(args, env, check_rc=2)
    assert proc.stderr.decode() == message


@pytest.mark.parametrize("cmd", ["exec", "launch", "down", "stop", "start", "status", "queue",
                                 "logs", "cancel", "autostop"])
def test_help_on_every_command(env, cmd):
    proc = sky([cmd, "-h"], env, check_rc=0)
    text = proc.stdout.decode()
    assert text.startswith(f"Usage: sky {cmd} [OPTIONS]")
    assert "Options:" in text and "-h, --help" in text
    assert sky([cmd, "--help"], env, check_rc=0).stdout == proc.stdout
    listed = sky(["__fake-options", "--json", cmd], env).stdout
    for canonical, opt in json.loads(listed)["options"].items():
        assert (canonical in text) != opt["hidden"]


def test_combined_attached_and_interspersed_options(env, home):
    make_cluster(home, "a")
    make_cluster(home, "b")
    # -ya: combined short flags; names before and after options.
    proc = sky(["down", "a", "-ya"], env, check_rc=0)
    assert "Letting --all take effect" in strip(proc.stdout)
    assert cluster_record(home, "a") is None and cluster_record(home, "b") is None
    proc = sky(["launch", "-yc", "x1", "-i5", "--down"], env, check_rc=0)
    assert cluster_record(home, "x1")["autostop"] == 5
    sky(["launch", "--cluster=x2", "--idle-minutes-to-autostop=7", "-y"], env, check_rc=0)
    assert cluster_record(home, "x2")["autostop"] == 7


def test_double_dash_ends_options(env, home):
    make_cluster(home)
    proc = sky(["exec", CLUSTER, "--", "echo --lr 1 -y"], env, check_rc=0)
    assert "(sky-cmd, pid=" in strip(proc.stdout)
    assert re.search(r"\) --lr 1 -y\n", strip(proc.stdout))


# ---------------------------------------------------------------------------
# sky exec
# ---------------------------------------------------------------------------
def test_exec_success_output_order_colours_and_exit_0(env, home, project):
    make_cluster(home)
    proc = sky(["exec", CLUSTER, "--workdir", str(project), "--", "python3 train.py 'a b'"],
               env, check_rc=0)
    raw = proc.stdout
    assert b"\x1b[0m\xe2\x9a\x99\xef\xb8\x8e Job submitted, ID: \x1b[1m1\x1b[0m" in raw
    assert b"\x1b[32m\xe2\x9c\x93 Job finished (status: SUCCEEDED).\x1b[0m" in raw
    lines = strip(raw).splitlines()
    pid = job_record(home, 1)["pid"]
    assert lines == [
        "Command to run: python3 train.py 'a b'",
        f"Submitting job to cluster: {CLUSTER}",
        f"Syncing workdir (to 1 node): {project} -> ~/sky_workdir",
        lines[3],
        "⚙︎ Job submitted, ID: 1",
        "├── Waiting for task resources on 1 node.",
        "└── Job started. Streaming logs... (Ctrl-C to exit log streaming; job will not be killed)",
        f"(sky-cmd, pid={pid}) cuda=<>",
        f"(sky-cmd, pid={pid}) arg=<a b>",
        "✓ Job finished (status: SUCCEEDED).",
    ]
    assert lines[3].startswith("✓ Synced workdir.")
    rec = job_record(home, 1)
    assert rec["status"] == "SUCCEEDED" and rec["returncode"] == 0
    assert proc.stderr == b""


def test_exec_failure_exit_100_and_return_code_line(env, home):
    make_cluster(home)
    proc = sky(["exec", CLUSTER, "--name", "train", "--", "echo boom; exit 3"], env, check_rc=100)
    text = strip(proc.stdout)
    assert re.search(r"^\(train, pid=\d+\) boom$", text, re.M)
    assert "ERROR: Job 1 failed with return code list: [3]" in text
    assert text.rstrip().endswith("✓ Job finished (status: FAILED).")
    rec = job_record(home, 1)
    assert (rec["status"], rec["returncode"], rec["job_name"]) == ("FAILED", 3, "train")


def test_job_status_lies_knob_reports_a_failed_script_as_succeeded(env, home):
    # SkyPilot #8928: the script exited 3, yet the job is SUCCEEDED and sky exits 0.
    make_cluster(home)
    env["FAKE_SKY_JOB_STATUS_LIES"] = "1"
    proc = sky(["exec", CLUSTER, "--name", "train", "--", "echo boom; exit 3"], env, check_rc=0)
    text = strip(proc.stdout)
    assert re.search(r"^\(train, pid=\d+\) boom$", text, re.M)
    assert "failed with return code list" not in text
    assert text.rstrip().endswith("✓ Job finished (status: SUCCEEDED).")
    rec = job_record(home, 1)
    assert (rec["status"], rec["returncode"]) == ("SUCCEEDED", 3)
    # A script that succeeds is unaffected.
    sky(["exec", CLUSTER, "--", "true"], env, check_rc=0)
    assert job_record(home, 2)["status"] == "SUCCEEDED"


def test_exec_job_ids_increase(env, home):
    make_cluster(home)
    for expected in (1, 2, 3):
        proc = sky(["exec", CLUSTER, "-d", "--", "true"], env, check_rc=0)
        assert f"Job submitted, ID: {expected}" in strip(proc.stdout)


def test_exec_parallel_on_one_cluster_gets_unique_ids(env, home, project):
    make_cluster(home)
    procs = [subprocess.Popen([SKY, "exec", CLUSTER, "--workdir", str(project), "--",
                               f"echo job{i}"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for i in range(8)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    ids = sorted(int(re.search(r"Job submitted, ID: (\d+)", strip(o)).group(1)) for o, _ in outs)
    assert ids == list(range(1, 9))
    for i, (o, _) in enumerate(outs):
        assert f") job{i}\n" in strip(o)


def test_job_path_prepend_knob(env, home, tmp_path):
    make_cluster(home)
    tools = tmp_path / "image bin"
    tools.mkdir()
    (tools / "uv").write_text("#!/bin/sh\necho image-uv \"$@\"\n")
    (tools / "uv").chmod(0o755)
    proc = sky(["exec", CLUSTER, "--", "uv run x; echo \"PATH=$PATH\""], env, check_rc=0)
    assert ") image-uv" not in strip(proc.stdout)  # the fake uv of fake-bin answers
    env["FAKE_SKY_JOB_PATH_PREPEND"] = str(tools)
    proc = sky(["exec", CLUSTER, "--", "uv run x; echo \"PATH=$PATH\""], env, check_rc=0)
    text = strip(proc.stdout)
    assert ") image-uv run x\n" in text
    assert f") PATH={tools}{os.pathsep}{FAKE_BIN}{os.pathsep}" in text


def test_exec_env_secret_and_isolated_environment(env, home, tmp_path):
    make_cluster(home)
    env["MY_TOKEN"] = "s3cr3t-value"
    env["NOT_PASSED"] = "leak"
    dotenv = tmp_path / "vars.env"
    dotenv.write_text("FROM_FILE='file value'\nA=overridden-by-env\n")
    cmd = 'echo "A=$A B=$B TOKEN=$MY_TOKEN FILE=$FROM_FILE NP=${NOT_PASSED:-none}"'
    proc = sky(["exec", CLUSTER, "--env-file", str(dotenv), "--env", "A=1 2", "--env",
                "B=$HOME", "--secret", "MY_TOKEN", "--", cmd], env, check_rc=0)
    assert ") A=1 2 B=$HOME TOKEN=s3cr3t-value FILE=file value NP=none\n" in strip(proc.stdout)
    rec = job_record(home, 1)
    assert rec["secret_names"] == ["MY_TOKEN"] and "A" in rec["env_names"]
    # The secret value is only in the job's own output.
    for path in home.rglob("*"):
        if path.is_file() and path.name != "run.log":
            assert b"s3cr3t-value" not in path.read_bytes(), path


@pytest.mark.parametrize("gpus, cuda, n", [(None, "", "0"), ("H100:1", "0", "1"),
                                          ("h100:2", "0,1", "2"), ("tpu-v4-8", "", "1")])
def test_cuda_visible_devices_like_ray(env, home, gpus, cuda, n):
    make_cluster(home, accelerators="H100:2" if not gpus or "tpu" not in gpus else "tpu-v4-8:1")
    args = ["exec", CLUSTER] + (["--gpus", gpus] if gpus else []) + \
        ["--", 'echo "cuda=<$CUDA_VISIBLE_DEVICES> n=$SKYPILOT_NUM_GPUS_PER_NODE"']
    proc = sky(args, env, check_rc=0)
    assert f") cuda=<{cuda}> n={n}\n" in strip(proc.stdout)


def test_user_env_overrides_cuda(env, home):
    make_cluster(home)
    proc = sky(["exec", CLUSTER, "--env", "CUDA_VISIBLE_DEVICES=0", "--",
                "echo cuda=$CUDA_VISIBLE_DEVICES"], env, check_rc=0)
    assert ") cuda=0\n" in strip(proc.stdout)


@pytest.mark.parametrize("gpus", ["H100:x", "H100:1:2"])
def test_bad_gpus_grammar(env, home, gpus):
    make_cluster(home)
    proc = sky(["exec", CLUSTER, "--gpus", gpus, "--", "true"], env, check_rc=1)
    assert proc.stderr.decode() == ('ValueError: The "accelerators" field as a str should be '
                                    f"<name> or <name>:<cnt>. Found: {gpus!r}\n")


def test_gpus_must_fit_cluster(env, home):
    make_cluster(home)
    proc = sky(["exec", CLUSTER, "--gpus", "H100:4", "--", "true"], env, check_rc=1)
    assert proc.stderr.decode().startswith("sky.exceptions.ResourcesMismatchError: ")


def test_unbalanced_quotes_crash(env, home):
    make_cluster(home)
    proc = sky(["exec", CLUSTER, "--", "echo 'oops"], env, check_rc=1)
    err = proc.stderr.decode()
    assert err.startswith("Traceback (most recent call last):")
    assert err.endswith("ValueError: No closing quotation\n")


def test_exec_missing_cluster(env):
    proc = sky(["exec", "nope", "--", "true"], env, check_rc=1)
    assert proc.stderr.decode() == "sky.exceptions.ClusterDoesNotExist: Cluster 'nope' does not exist.\n"
    assert "Submitting job to cluster: nope" in strip(proc.stdout)


@pytest.mark.parametrize("status", ["STOPPED", "INIT"])
def test_exec_cluster_not_up(env, home, status):
    make_cluster(home, status=status)
    proc = sky(["exec", CLUSTER, "--", "true"], env, check_rc=1)
    assert proc.stderr.decode().startswith(
        f"sky.exceptions.ClusterNotUpError: Executing tasks: skipped for cluster '{CLUSTER}' "
        f"(status: {status}). It is only allowed for UP and AUTOSTOPPING clusters.")


def test_job_output_passes_through_as_bytes(env, home):
    make_cluster(home)
    proc = sky(["exec", CLUSTER, "--", r"printf 'bad \xff\xfe utf8\nx\ry\nno newline'"], env,
               check_rc=0)
    pid = job_record(home, 1)["pid"]
    prefix = f"(sky-cmd, pid={pid}) ".encode()
    assert prefix + b"bad \xff\xfe utf8\n" in proc.stdout
    assert prefix + b"x\ry\n" in proc.stdout
    assert prefix + b"no newline\n" in proc.stdout


def test_detach_returns_at_once_and_logs_follow(env, home):
    make_cluster(home)
    start = time.time()
    proc = sky(["exec", CLUSTER, "-d", "--", "sleep 1.5; echo late"], env, check_rc=0)
    assert time.time() - start < 1.5
    assert strip(proc.stdout).rstrip().endswith("Job submitted, ID: 1")
    status = sky(["logs", CLUSTER, "1", "--status"], env, check_rc=101)
    assert status.stdout == b"Job 1: RUNNING\n"
    sky(["logs", CLUSTER, "--no-follow"], env, check_rc=0)
    follow = sky(["logs", CLUSTER, "1"], env, check_rc=0)
    text = strip(follow.stdout)
    assert text.startswith(f"Tailing logs of job 1 on cluster '{CLUSTER}'...")
    assert ") late\n" in text and "✓ Job finished (status: SUCCEEDED)." in text


def test_async_returns_request_id(env, home):
    make_cluster(home)
    proc = sky(["exec", CLUSTER, "--async", "--", "echo hi"], env, check_rc=0)
    assert re.search(r"Submitted sky\.exec request: [0-9a-f-]{36}", strip(proc.stdout))
    wait_for(lambda: job_record(home, 1)["status"] == "SUCCEEDED")


# ---------------------------------------------------------------------------
# Detached jobs survive the client
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("sig, whole_group", [(signal.SIGKILL, False), (signal.SIGTERM, False),
                                              (signal.SIGINT, False), (signal.SIGKILL, True)])
def test_job_is_detached_and_survives_killed_client(env, home, tmp_path, sig, whole_group):
    make_cluster(home)
    marker = tmp_path / "marker"
    client = subprocess.Popen(
        [SKY, "exec", CLUSTER, "--", f"echo started; sleep 1.5; echo done > {marker}"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        # A build started in the background of a non-interactive shell inherits SIGINT ignored; a terminal's
        # sky does not, and that is the client this test models.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        read_until(client, ") started")
        rec = job_record(home, 1)
        job_pid, runner = rec["pid"], rec["runner_pid"]
        # Not in the client's process tree, session or process group.
        tree = descendants(client.pid)
        assert job_pid not in tree and runner not in tree
        assert proc_stat(job_pid)["sid"] != proc_stat(client.pid)["sid"]
        assert proc_stat(job_pid)["pgid"] == job_pid == rec["pgid"]
        assert proc_stat(runner)["pgid"] != proc_stat(client.pid)["pgid"]
        if whole_group:  # what a tree-killing caller does at worst
            os.killpg(client.pid, sig)
        else:
            os.kill(client.pid, sig)
        rc = client.wait(10)
        assert alive(job_pid)
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()
    if sig == signal.SIGINT:
        assert rc == 1 and b"Aborted!" in client.stderr.read()
    else:
        assert rc == -sig
    wait_for(lambda: job_record(home, 1)["status"] == "SUCCEEDED", timeout=10)
    assert marker.read_text() == "done\n"


def test_client_exit_closes_its_pipes_even_with_job_running(env, home):
    # The runner must not hold the client's stdout: -d returns and EOF arrives at once.
    make_cluster(home)
    start = time.time()
    proc = subprocess.run([SKY, "exec", CLUSTER, "-d", "--", "sleep 3"], env=env,
                          capture_output=True, timeout=10)
    assert proc.returncode == 0 and time.time() - start < 2.5


def test_dead_runner_reports_failed_driver(env, home):
    make_cluster(home)
    sky(["exec", CLUSTER, "-d", "--", "sleep 30"], env, check_rc=0)
    rec = wait_for(lambda: job_record(home, 1) if job_record(home, 1)["pid"] else None)
    os.kill(rec["runner_pid"], signal.SIGKILL)
    os.killpg(rec["pgid"], signal.SIGKILL)
    wait_for(lambda: not alive(rec["runner_pid"]))
    sky(["logs", CLUSTER, "1", "--status"], env, check_rc=100)
    assert job_record(home, 1)["status"] == "FAILED_DRIVER"


# ---------------------------------------------------------------------------
# Workdir sync
# ---------------------------------------------------------------------------
def _tree(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_workdir_sync_gitignore_rules_and_no_delete(env, home, project):
    make_cluster(home)
    files = ["target/classes/A.class", "sub/target/keep_me_anchored", "sub/target.txt",
             "pkg/__pycache__/m.cpython-311.pyc", "pkg/m.py", "pkg/old.pyc", ".git/HEAD",
             "build/out/x", "pkg/local.tmp", "pkg/.gitignore", ".fake-sky-not-state/y"]
    for f in files:
        (project / f).parent.mkdir(parents=True, exist_ok=True)
        (project / f).write_text("x")
    (project / ".gitignore").write_text("# comment\n/target\n*.pyc\n__pycache__\nbuild/\n")
    (project / "pkg" / ".gitignore").write_text("*.tmp\n")
    # The state dir inside the workdir (as in an IT project) must not be copied into itself.
    env["FAKE_SKY_HOME"] = str(project / ".fake-sky")
    make_cluster(project / ".fake-sky")
    sky(["exec", CLUSTER, "--workdir", str(project), "--", "true"], env, check_rc=0)
    dst = project / ".fake-sky" / "clusters" / CLUSTER / "sky_workdir"
    assert _tree(dst) == sorted([
        ".fake-sky-not-state/y", ".git/HEAD", ".gitignore", "pkg/.gitignore", "pkg/m.py",
        "pyproject.toml", "sub/target.txt", "sub/target/keep_me_anchored", "train.py"])
    # rsync without --delete: a file deleted locally stays on the cluster.
    (project / "train.py").unlink()
    sky(["exec", CLUSTER, "--workdir", str(project), "--", "true"], env, check_rc=0)
    assert (dst / "train.py").exists()
    _kill_leftover_jobs(project / ".fake-sky")


def test_workdir_sync_skyignore_replaces_gitignore(env, home, project):
    make_cluster(home)
    for f in ["target/t", "data/big.bin", ".git/HEAD", "x.pyc"]:
        (project / f).parent.mkdir(parents=True, exist_ok=True)
        (project / f).write_text("x")
    (project / ".gitignore").write_text("*.pyc\n")
    (project / ".skyignore").write_text("/target\n/.git\ndata/\n")
    sky(["exec", CLUSTER, "--workdir", str(project), "--", "ls -a"], env, check_rc=0)
    dst = home / "clusters" / CLUSTER / "sky_workdir"
    assert _tree(dst) == sorted([".gitignore", ".skyignore", "pyproject.toml", "train.py", "x.pyc"])


def test_job_runs_in_sky_workdir(env, home, project):
    make_cluster(home)
    proc = sky(["exec", CLUSTER, "--workdir", str(project), "--", "pwd; echo $PYTHONUNBUFFERED"],
               env, check_rc=0)
    text = strip(proc.stdout)
    assert f") {home / 'clusters' / CLUSTER / 'sky_workdir'}\n" in text
    assert ") 1\n" in text


# ---------------------------------------------------------------------------
# cancel, logs, queue, status
# ---------------------------------------------------------------------------
def test_cancel_kills_process_group(env, home):
    make_cluster(home)
    follower = subprocess.Popen([SKY, "exec", CLUSTER, "--",
                                 "echo up; trap '' TERM; sleep 60 & sleep 60"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        read_until(follower, ") up")
        pgid = job_record(home, 1)["pgid"]
        proc = sky(["cancel", CLUSTER, "1"], env, check_rc=1)  # no -y, stdin at EOF
        assert strip(proc.stdout) == (f"Cancelling job 1 on cluster(s): {CLUSTER}. "
                                      "Proceed? [Y/n]: ")
        assert proc.stderr == b"Aborted!\n"
        assert job_record(home, 1)["status"] == "RUNNING"
        proc = sky(["cancel", "-y", CLUSTER, "1"], env, check_rc=0)
        assert "Cancelled job ID(s): 1" in strip(proc.stdout)
        assert job_record(home, 1)["status"] == "CANCELLED"
        # Both sleeps (one ignores SIGTERM, so SIGKILL after 2 s) are gone.
        assert not group_members(pgid)
        assert follower.wait(10) == 103
        assert "✓ Job finished (status: CANCELLED)." in strip(follower.stdout.read())
    finally:
        if follower.poll() is None:
            follower.kill()
            follower.wait()
    sky(["logs", CLUSTER, "1", "--status"], env, check_rc=103)


def test_cancel_unknown_cluster_is_a_usage_error(env):
    proc = sky(["cancel", "-y", "nope", "1"], env, check_rc=2)
    assert proc.stderr.decode().endswith("Error: Cluster 'nope' does not exist.\n")


def test_cancel_latest_running_job_without_ids(env, home):
    make_cluster(home)
    sky(["exec", CLUSTER, "-d", "--", "sleep 30"], env, check_rc=0)
    sky(["exec", CLUSTER, "-d", "--", "sleep 30"], env, check_rc=0)
    proc = sky(["cancel", "-y", CLUSTER], env, check_rc=0)
    assert "cancelling the latest running job" in strip(proc.stdout)
    assert job_record(home, 2)["status"] == "CANCELLED"
    assert job_record(home, 1)["status"] != "CANCELLED"
    sky(["cancel", "-y", "-a", CLUSTER], env, check_rc=0)
    assert job_record(home, 1)["status"] == "CANCELLED"


def test_logs_status_codes_and_tail(env, home):
    make_cluster(home)
    sky(["logs", CLUSTER, "--status"], env, check_rc=102)
    sky(["exec", CLUSTER, "--", "for i in 1 2 3 4 5; do echo line$i; done"], env, check_rc=0)
    sky(["exec", CLUSTER, "--", "exit 7"], env, check_rc=100)
    assert sky(["logs", CLUSTER, "1", "--status"], env, check_rc=0).stdout == b"Job 1: SUCCEEDED\n"
    sky(["logs", CLUSTER, "2", "--status"], env, check_rc=100)
    sky(["logs", CLUSTER, "--status"], env, check_rc=100)  # latest job
    sky(["logs", CLUSTER, "9", "--status"], env, check_rc=102)
    tail = strip(sky(["logs", CLUSTER, "1", "--tail", "2"], env, check_rc=0).stdout)
    body = [ln for ln in tail.splitlines() if ln.startswith("(")]
    assert [ln.split(") ")[1] for ln in body] == ["line4", "line5"]
    sky(["logs", CLUSTER, "1", "2"], env, check_rc=2)
    sky(["logs", "nope", "1"], env, check_rc=1)


def test_queue_table_and_json(env, home):
    make_cluster(home)
    sky(["exec", CLUSTER, "--", "true"], env, check_rc=0)
    text = strip(sky(["queue", CLUSTER], env, check_rc=0).stdout)
    assert "Fetching and parsing job queue..." in text
    assert re.search(r"^ID\s+NAME\s+USER\s+SUBMITTED\s+STARTED\s+DURATION\s+RESOURCES\s+STATUS"
                     r"\s+LOG\s+GIT COMMIT", text, re.M)
    data = json.loads(sky(["queue", "-o", "json", CLUSTER], env, check_rc=0).stdout)
    (job,) = data[CLUSTER]
    assert job["job_id"] == 1 and job["status"] == "SUCCEEDED" and job["job_name"] == "sky-cmd"
    assert set(job) >= {"job_id", "job_name", "username", "submitted_at", "start_at", "end_at",
                        "resources", "status", "log_path"}


def test_status_json_table_and_missing(env, home):
    make_cluster(home)
    data = json.loads(sky(["status", "-o", "json", "-r", CLUSTER], env, check_rc=0).stdout)
    (rec,) = data
    assert rec["name"] == CLUSTER and rec["status"] == "UP" and rec["autostop"] == -1
    assert rec["to_down"] is False and rec["accelerators"] == "H100:1"
    for field in ["launched_at", "resources_str", "cloud", "region", "last_creation_command",
                  "last_creation_yaml"]:
        assert field in rec
    # SkyPilot #10713 (seen with the real 0.14.1): the "not found" notice comes on stdout before the JSON.
    assert strip(sky(["status", "-o", "json", "nope"], env, check_rc=0).stdout) == \
        "Cluster(s) not found: nope.\n[]\n"
    assert b"not found" not in sky(["status", "-o", "json", CLUSTER], env, check_rc=0).stdout
    text = strip(sky(["status"], env, check_rc=0).stdout)
    assert "Clusters\n" in text
    assert re.search(r"^NAME\s+INFRA\s+RESOURCES\s+STATUS\s+AUTOSTOP\s+LAUNCHED", text, re.M)
    assert re.search(rf"^{CLUSTER}\s+.*\sUP\s+-\s", text, re.M)


# ---------------------------------------------------------------------------
# launch, start, down
# ---------------------------------------------------------------------------
TASK_YAML = """\
name: matmul   # comment
workdir: .
num_nodes: 1
resources:
  accelerators: tpu-v4-8
  use_spot: false
  infra: gcp/us-central2
  accelerator_args:
    tpu_vm: true
    runtime_version: tpu-vm-base
setup: |
  if ! command -v uv >/dev/null 2>&1; then
    curl -LsSf https://astral.sh/uv/install.sh | sh
  fi
envs:
  GREETING: "hello world"
run: |
  echo "run $GREETING in $(basename $PWD)"
"""


def test_launch_without_yes_aborts_at_eof(env, home):
    proc = sky(["launch", "-c", "new1", "--gpus", "H100:1"], env, check_rc=1)
    assert strip(proc.stdout).endswith("Launching a new cluster 'new1'. Proceed? [Y/n]: ")
    assert proc.stderr == b"Aborted!\n"
    assert cluster_record(home, "new1") is None


def test_launch_yaml_records_cluster_and_runs_job(env, home, project):
    (project / "task.yaml").write_text(TASK_YAML)
    proc = sky(["launch", "-y", "-c", "tpu-a", "-i", "30", "--down", "task.yaml"], env,
               cwd=project, check_rc=0)
    text = strip(proc.stdout)
    for needle in ["YAML to run: task.yaml", "Running on cluster: tpu-a",
                   "✓ Cluster launched: tpu-a.  View logs: sky logs --provision tpu-a",
                   f"Syncing workdir (to 1 node): {project} -> ~/sky_workdir",
                   "Running setup on 1 node.", "Job submitted, ID: 1",
                   ") run hello world in sky_workdir\n", "✓ Job finished (status: SUCCEEDED).",
                   "📋 Useful Commands", "Job ID: 1"]:
        assert needle in text, needle
    rec = cluster_record(home, "tpu-a")
    assert rec["status"] == "UP" and rec["accelerators"] == "tpu-v4-8:1"
    assert rec["use_spot"] is False and rec["infra"] == "gcp/us-central2"
    assert rec["num_nodes"] == 1 and rec["autostop"] == 30 and rec["to_down"] is True
    assert rec["accelerator_args"] == {"tpu_vm": True, "runtime_version": "tpu-vm-base"}
    assert rec["last_creation_yaml"] == TASK_YAML
    assert rec["last_creation_command"] == "sky launch -y -c tpu-a -i 30 --down task.yaml"
    assert isinstance(rec["launched_at"], int)
    assert job_record(home, 1, "tpu-a")["job_name"] == "matmul"


def test_launch_records_command_without_secret_values(env, home):
    env["TOK"] = "tok-value"
    sky(["launch", "-y", "-c", "s1", "--secret", "TOK", "--secret", "PW=pw-value", "--",
         "echo $PW"], env, check_rc=0)
    assert cluster_record(home, "s1")["last_creation_command"] == \
        "sky launch -y -c s1 --secret TOK --secret PW=<redacted> -- echo $PW"
    for path in home.rglob("*"):
        if path.is_file() and path.name not in ("run.log", "calls.log"):
            assert b"pw-value" not in path.read_bytes() and b"tok-value" not in path.read_bytes()


def test_launch_down_without_idle_minutes_means_1(env, home):
    sky(["launch", "-y", "-c", "d1", "--down", "--gpus", "L4:1"], env, check_rc=0)
    rec = cluster_record(home, "d1")
    assert (rec["autostop"], rec["to_down"], rec["accelerators"]) == (1, True, "L4:1")
    sky(["launch", "-y", "-c", "d2"], env, check_rc=0)
    assert (cluster_record(home, "d2")["autostop"], cluster_record(home, "d2")["to_down"]) == (-1, False)


def test_launch_reuses_up_and_starts_stopped(env, home):
    make_cluster(home, launched_at=1000)
    proc = sky(["launch", "-c", CLUSTER, "--", "echo reuse"], env, check_rc=0)  # no prompt: UP
    assert "Running on cluster: " + CLUSTER in strip(proc.stdout)
    assert cluster_record(home)["launched_at"] == 1000
    make_cluster(home, "stopped1", status="STOPPED")
    proc = sky(["launch", "-c", "stopped1"], env, check_rc=1)
    assert "Restarting the stopped cluster 'stopped1'. Proceed? [Y/n]:" in strip(proc.stdout)
    sky(["launch", "-y", "-c", "stopped1"], env, check_rc=0)
    assert cluster_record(home, "stopped1")["status"] == "UP"


def test_launch_fail_knob(env, home):
    env["FAKE_SKY_LAUNCH_FAIL"] = "quota exceeded"
    proc = sky(["launch", "-y", "-c", "f1", "--gpus", "H100:8"], env, check_rc=1)
    err = proc.stderr.decode()
    assert err.startswith("sky.exceptions.ResourcesUnavailableError: Failed to provision all "
                          "possible launchable resources. Relax the task's resource requirements:")
    assert "Reason: quota exceeded" in err
    assert cluster_record(home, "f1") is None


def test_launch_seconds_init_survives_killed_client(env, home):
    env["FAKE_SKY_LAUNCH_SECONDS"] = "1"
    client = subprocess.Popen([SKY, "launch", "-y", "-c", "slow1"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for(lambda: cluster_record(home, "slow1"))
    assert cluster_record(home, "slow1")["status"] == "INIT"
    sky(["exec", "slow1", "--", "true"], env, check_rc=1)
    client.kill()
    client.wait()
    # Provisioning goes on without the client, as on the API server.
    wait_for(lambda: cluster_record(home, "slow1")["status"] == "UP", timeout=5)


def test_down_during_launch_cancels_it(env, home):
    env["FAKE_SKY_LAUNCH_SECONDS"] = "1"
    client = subprocess.Popen([SKY, "launch", "-y", "-c", "slow2"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for(lambda: cluster_record(home, "slow2"))
    sky(["down", "-y", "slow2"], env, check_rc=0)
    assert client.wait(10) == 1
    assert b"sky.exceptions.RequestCancelled" in client.stderr.read()
    time.sleep(1.3)
    assert cluster_record(home, "slow2") is None


def test_start(env, home):
    make_cluster(home, status="STOPPED")
    proc = sky(["start", "-y", CLUSTER], env, check_rc=0)
    assert strip(proc.stdout) == f"Cluster {CLUSTER} started.\n"
    assert cluster_record(home)["status"] == "UP"
    proc = sky(["start", "-y", CLUSTER], env, check_rc=0)
    assert strip(proc.stdout) == f"Cluster {CLUSTER} already has status UP.\n"
    sky(["start", "-y", "--down", CLUSTER], env, check_rc=2)


def test_status_noise_knob_surrounds_the_json(env, home):
    make_cluster(home)
    env["FAKE_SKY_STATUS_NOISE"] = "1"
    lines = strip(sky(["status", "-o", "json", CLUSTER], env, check_rc=0).stdout).splitlines()
    assert lines[0].startswith("[notice] ") and lines[-1].startswith("fake sky: a line after")
    assert json.loads("\n".join(lines[1:-1]))[0]["name"] == CLUSTER


def test_lose_autostop_knob_on_launch_and_start(env, home):
    env["FAKE_SKY_LOSE_AUTOSTOP"] = "1"
    sky(["launch", "-y", "-c", "lost1", "-i", "30", "--down"], env, check_rc=0)
    rec = cluster_record(home, "lost1")
    assert rec["autostop"] == -1 and rec["to_down"] is False
    make_cluster(home, status="STOPPED")
    sky(["start", "-y", "-i", "30", "--down", CLUSTER], env, check_rc=0)
    rec = cluster_record(home)
    assert rec["status"] == "UP" and rec.get("autostop", -1) == -1 and not rec.get("to_down")
    del env["FAKE_SKY_LOSE_AUTOSTOP"]
    sky(["autostop", "-y", "-i", "30", "--down", CLUSTER], env, check_rc=0)
    rec = cluster_record(home)
    assert rec["autostop"] == 30 and rec["to_down"] is True


def test_autostop_fails_knob_skips_and_exits_0(env, home):
    make_cluster(home)
    env["FAKE_SKY_AUTOSTOP_FAILS"] = "1"
    text = strip(sky(["autostop", "-y", "-i", "30", "--down", CLUSTER], env, check_rc=0).stdout)
    assert f"Scheduling autodown on cluster '{CLUSTER}'...skipped." in text
    assert "Autodown is not supported on Kubernetes - see reason above." in text
    assert cluster_record(home).get("autostop", -1) == -1


def test_down(env, home):
    make_cluster(home)
    sky(["exec", CLUSTER, "-d", "--", "sleep 30"], env, check_rc=0)
    rec = wait_for(lambda: job_record(home, 1) if job_record(home, 1)["pgid"] else None)
    proc = sky(["down", CLUSTER], env, check_rc=1)
    assert strip(proc.stdout) == f"Terminating 1 cluster: {CLUSTER}. Proceed? [Y/n]: "
    assert proc.stderr == b"Aborted!\n"
    proc = sky(["down", "-y", CLUSTER], env, check_rc=0)
    assert f"Terminating cluster {CLUSTER}...done." in strip(proc.stdout)
    assert cluster_record(home) is None
    assert not (home / "clusters" / CLUSTER).exists() and not (home / "jobs" / CLUSTER).exists()
    wait_for(lambda: not alive(rec["pid"]))
    proc = sky(["down", "-y", CLUSTER], env, check_rc=0)
    assert strip(proc.stdout) == "Cluster(s) not found (tip: see `sky status`).\n"


def test_down_failure_knob_exits_0_and_purge(env, home):
    make_cluster(home)
    env["FAKE_SKY_DOWN_FAILS"] = "1"
    text = strip(sky(["down", "-y", CLUSTER], env, check_rc=0).stdout)
    assert f"Terminating cluster {CLUSTER}...failed." in text and "Reason: " in text
    assert "Cluster(s) failed. See details above." in text and "`sky down --purge`" in text
    assert cluster_record(home) is not None
    sky(["down", "-y", "-p", CLUSTER], env, check_rc=0)
    assert cluster_record(home) is None


# ---------------------------------------------------------------------------
# Fault knobs
# ---------------------------------------------------------------------------
def test_fault_hang_leaves_a_child_in_the_process_group(env):
    env["FAKE_SKY_FAULT"] = "hang"
    proc = subprocess.Popen([SKY, "status"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        read_until(proc, "Waiting")

        def sleeping_child():
            for pid in descendants(proc.pid):  # wait until the fork has exec'd sleep
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if f.read().split(b"\0")[:2] == [b"sleep", b"1000"]:
                        return pid
            return None

        child = wait_for(sleeping_child)
        assert descendants(proc.pid) == {child}
        assert proc_stat(child)["pgid"] == proc.pid
        time.sleep(0.3)
        assert proc.poll() is None
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    wait_for(lambda: not alive(child))


@pytest.mark.parametrize("fault, rc, stderr_end", [
    ("traceback", 1, "RuntimeError: boom\n"),
    ("api-mismatch", 1, "sky api stop && sky api start\n"),
    ("exit127", 127, ""),
    ("usage", 2, "Error: No such option: --workdir\n"),
    ("signal", -signal.SIGKILL, ""),
])
def test_faults(env, fault, rc, stderr_end):
    env["FAKE_SKY_FAULT"] = fault
    proc = sky(["exec", CLUSTER, "--workdir", ".", "--", "true"], env, check_rc=rc)
    assert proc.stderr.decode().endswith(stderr_end)
    if fault == "traceback":
        assert proc.stderr.startswith(b"Traceback (most recent call last):\n")
    if fault == "api-mismatch":
        assert proc.stderr.startswith(b"sky.exceptions.APIVersionMismatchError: ")


def test_fault_garbage_prints_no_json_and_exits_0(env):
    env["FAKE_SKY_FAULT"] = "garbage"
    proc = sky(["status", "-o", "json", CLUSTER], env, check_rc=0)
    lines = strip(proc.stdout).splitlines()
    assert lines[0].startswith("[notice] ")
    for i in range(len(lines)):
        with pytest.raises(ValueError):
            json.loads("\n".join(lines[i:]))


def test_fault_times_limits_the_fault_to_the_first_calls(env, home):
    env["FAKE_SKY_FAULT"] = "exit127"
    env["FAKE_SKY_FAULT_CMD"] = "status"
    env["FAKE_SKY_FAULT_TIMES"] = "2"
    sky(["down", "-y", "x"], env, check_rc=0)  # not targeted: does not count
    sky(["status", "-o", "json"], env, check_rc=127)
    sky(["status", "-o", "json"], env, check_rc=127)
    sky(["status", "-o", "json"], env, check_rc=0)
    sky(["status", "-o", "json"], env, check_rc=0)


def test_unscoped_fault_also_hits_version_probe(env):
    env["FAKE_SKY_FAULT"] = "exit127"
    sky(["--version"], env, check_rc=127)
    env["FAKE_SKY_FAULT_CMD"] = "exec"
    sky(["--version"], env, check_rc=0)


def test_fault_cmd_scoping_and_delay(env, home):
    env["FAKE_SKY_FAULT"] = "exit127"
    env["FAKE_SKY_FAULT_CMD"] = "down"
    sky(["status", "-o", "json"], env, check_rc=0)
    sky(["down", "-y", "x"], env, check_rc=127)
    del env["FAKE_SKY_FAULT"]
    env["FAKE_SKY_DELAY_MS"] = "400"
    start = time.time()
    sky(["status", "-o", "json"], env, check_rc=0)
    assert time.time() - start >= 0.4
    assert len(calls(home)) == 3


# ---------------------------------------------------------------------------
# Fake uv
# ---------------------------------------------------------------------------
def uv(args, env, cwd):
    return subprocess.run([UV] + list(args), env=env, cwd=cwd, capture_output=True, timeout=30)


def test_uv_version(env, project):
    assert uv(["--version"], env, project).stdout == b"uv 0.13.8\n"


@pytest.mark.parametrize("args, message", [
    (["run", "--extra", "tpu", "python", "x.py"],
     "error: Extra `tpu` is not defined in the `optional-dependencies` table for `demo`\n"),
    (["run", "--group", "docs", "python", "x.py"],
     "error: Group `docs` is not defined in the project's `dependency-groups` table\n"),
])
def test_uv_missing_extra_or_group(env, project, args, message):
    proc = uv(args, env, project)
    assert proc.returncode == 2 and proc.stderr.decode() == message


def test_uv_unknown_option_and_no_pyproject(env, project, tmp_path):
    proc = uv(["run", "--foo", "python", "x.py"], env, project)
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith("error: unexpected argument '--foo' found\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "x.py").write_text("print('ran')\n")
    proc = uv(["run", "--extra", "gpu", "python", "x.py"], env, empty)
    assert proc.returncode == 0 and proc.stdout == b"ran\n"
    assert proc.stderr.decode() == "warning: `--extra gpu` has no effect when used outside of a project\n"
    (empty / "pyproject.toml").write_text("[tool.x]\na = 1\n")
    proc = uv(["run", "--extra", "gpu", "python", "x.py"], env, empty)
    assert proc.returncode == 2
    assert proc.stderr.decode() == (
        "error: Extra `gpu` is not defined in any project's `optional-dependencies` table\n")


def test_uv_runs_python_with_arguments_byte_for_byte(env, project):
    (project / "echo_args.py").write_text(
        "import os, sys\nsys.stdout.buffer.write(b'|'.join(os.fsencode(a) for a in sys.argv[1:]))\n")
    args = ["--steps", "3", "a b", "", "$HOME", "it's", "--lr=1e-3", "ü€", "x\ny",
            os.fsdecode(b"\xff\xfe")]
    proc = uv(["run", "--group", "dev", "--extra", "gpu", "--extra", "tpu-extra", "--no-sync",
               "--frozen", "python", "echo_args.py"] + args, env, project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b"|".join(os.fsencode(a) for a in args)


def test_uv_inside_a_sky_job_end_to_end(env, home, project):
    make_cluster(home)
    remote = ("export CUDA_VISIBLE_DEVICES=0; uv run --group dev --extra gpu python train.py "
              "--steps 3 --name 'a b' '' '$HOME' 'it'\"'\"'s' --lr=1e-3 'ü€'")
    proc = sky(["exec", CLUSTER, "--workdir", str(project), "--", remote], env, check_rc=0)
    text = strip(proc.stdout)
    got = re.findall(r"\) arg=<(.*)>$", text, re.M)
    assert got == ["--steps", "3", "--name", "a b", "", "$HOME", "it's", "--lr=1e-3", "ü€"]
    assert ") cuda=<0>\n" in text
    proc = sky(["exec", CLUSTER, "--workdir", str(project), "--",
                "uv run --extra nope python train.py"], env, check_rc=100)
    assert "error: Extra `nope` is not defined" in strip(proc.stdout)
    assert "failed with return code list: [2]" in strip(proc.stdout)


# ---------------------------------------------------------------------------
# Local API server: started by the first call, in its own session (docs/skypilot-facts.md#api-server)
# ---------------------------------------------------------------------------
SERVER_STARTING = "Failed to connect to SkyPilot API server at http://127.0.0.1:46580. Starting a local server.\n"
SERVER_STARTED = "✓ SkyPilot API server started. \n"


@pytest.fixture
def server_env(env):
    e = dict(env)
    e.pop("FAKE_SKY_API_SERVER")
    e["FAKE_SKY_API_SERVER_IDLE_SECONDS"] = "30"
    return e


def server_record(home):
    path = home / "api_server" / "server.json"
    return json.loads(path.read_text()) if path.exists() else None


def test_api_server_started_by_the_first_call_in_its_own_session_and_reused(server_env, home):
    proc = sky(["status"], server_env, check_rc=0)
    assert strip(proc.stdout).startswith(SERVER_STARTING + SERVER_STARTED)
    assert b"\x1b[2mFailed to connect" in proc.stdout, "a logger line: coloured even when piped"
    rec = server_record(home)
    assert rec["starts"] == 1 and rec["started_by"] == calls(home)[0]["pid"]
    st = proc_stat(rec["pid"])
    assert st["sid"] == st["pgid"] == rec["pid"], "its own session and process group"
    assert st["sid"] != proc_stat(os.getpid())["sid"]
    assert alive(rec["pid"])
    for args in (["status"], ["queue", CLUSTER], ["status", "-o", "json"]):
        again = sky(args, server_env)
        assert b"API server" not in again.stdout
    assert sky(["status", "-o", "json"], server_env, check_rc=0).stdout == b"[]\n"
    assert server_record(home)["starts"] == 1 and server_record(home)["pid"] == rec["pid"]


def test_api_server_is_the_clients_child_and_survives_it(server_env, home):
    make_cluster(home)
    client = subprocess.Popen([SKY, "exec", CLUSTER, "--", "echo started; sleep 30"], env=server_env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        read_until(client, ") started")
        rec = server_record(home)
        assert rec["started_by"] == client.pid
        # A descendant of the client (no double fork), but not in its session or group.
        assert rec["pid"] in descendants(client.pid)
        assert proc_stat(rec["pid"])["ppid"] == client.pid
        assert proc_stat(rec["pid"])["sid"] != proc_stat(client.pid)["sid"]
        assert proc_stat(rec["pid"])["pgid"] != proc_stat(client.pid)["pgid"]
        client.kill()
        client.wait(10)
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()
    time.sleep(0.5)
    assert alive(rec["pid"]), "the server outlives the client that started it"
    sky(["cancel", "-y", CLUSTER, "1"], server_env, check_rc=0)
    assert server_record(home)["starts"] == 1


def test_api_server_not_started_without_a_request(server_env, home, tmp_path):
    sky(["--version"], server_env, check_rc=0)
    sky(["exec", "--help"], server_env, check_rc=0)
    sky(["exec", "--no-such-option"], server_env, check_rc=2)
    assert server_record(home) is None


def test_api_server_exits_when_idle_and_the_next_call_starts_another(server_env, home):
    server_env["FAKE_SKY_API_SERVER_IDLE_SECONDS"] = "0.5"
    sky(["status"], server_env, check_rc=0)
    first = server_record(home)["pid"]
    wait_for(lambda: not alive(first), timeout=15)
    assert server_record(home)["pid"] is None
    proc = sky(["status"], server_env, check_rc=0)
    assert strip(proc.stdout).startswith(SERVER_STARTING + SERVER_STARTED)
    rec = server_record(home)
    assert rec["starts"] == 2 and rec["pid"] != first


def test_api_server_killed_is_started_again(server_env, home):
    sky(["status"], server_env, check_rc=0)
    first = server_record(home)["pid"]
    os.kill(first, signal.SIGKILL)
    wait_for(lambda: not alive(first))
    assert SERVER_STARTING in strip(sky(["status"], server_env, check_rc=0).stdout)
    assert server_record(home)["starts"] == 2


def test_api_server_started_once_by_parallel_calls(server_env, home, tmp_path):
    procs = [subprocess.Popen([SKY, "status", "-o", "json"], env=server_env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    outs = [p.communicate(timeout=30)[0] for p in procs]
    assert sum(SERVER_STARTING in strip(o) for o in outs) == 1
    assert server_record(home)["starts"] == 1


def test_api_server_busy_while_a_client_runs(server_env, home):
    server_env["FAKE_SKY_API_SERVER_IDLE_SECONDS"] = "0.5"
    make_cluster(home)
    client = subprocess.Popen([SKY, "exec", CLUSTER, "--", "echo started; sleep 4; echo finished"],
                              env=server_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        read_until(client, ") started")
        pid = server_record(home)["pid"]
        time.sleep(1.5)  # three idle periods
        assert client.poll() is None and alive(pid), "not idle while a client follows its job"
        assert client.wait(15) == 0
    finally:
        if client.poll() is None:
            client.kill()
            client.wait()
    wait_for(lambda: not alive(pid), timeout=15)


# ---------------------------------------------------------------------------
# A remote (team) API server, `sky api info` / `sky api start` (issue 13)
# ---------------------------------------------------------------------------
TEAM_URL = "https://skypilot.team.example.com"


@pytest.fixture
def team_env(server_env):
    e = dict(server_env)
    e["SKYPILOT_API_SERVER_ENDPOINT"] = TEAM_URL
    e["SKYPILOT_SERVICE_ACCOUNT_TOKEN"] = "sky_team-token-0001"
    return e


def team_env_log(home):
    path = home / "team-env.log"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_team_server_starts_no_local_server_and_api_info_names_the_service_account(team_env, home):
    proc = sky(["api", "info", "-o", "json"], team_env, check_rc=0)
    info = json.loads(proc.stdout)
    assert info["server"] == {"url": TEAM_URL, "status": "healthy", "version": "0.14.1",
                              "commit": info["client"]["commit"], "api_version": "62"}
    assert info["user"] == "ci-bot"
    sky(["status", "-o", "json"], team_env, check_rc=0)
    assert server_record(home) is None, "no local server in a remote one's place"
    rec = team_env_log(home)[-1]
    assert rec["endpoint"] == TEAM_URL
    assert rec["token_sha256"] == hashlib.sha256(b"sky_team-token-0001").hexdigest()
    assert "sky_team-token-0001" not in (home / "team-env.log").read_text()


@pytest.mark.parametrize("state", ["unreachable", "unauthorized"])
def test_api_info_says_could_not_connect_for_both_and_exits_0(team_env, state):
    proc = sky(["api", "info", "-o", "json"], dict(team_env, FAKE_SKY_REMOTE_API=state), check_rc=0)
    assert strip(proc.stdout) == (
        f"Could not connect to SkyPilot API server at {TEAM_URL}\n"
        f"├── To re-login to the API server: sky api login --relogin -e {TEAM_URL}\n"
        "└── To logout the server: sky api logout\n")


def test_the_health_check_of_a_request_tells_the_failures_apart(team_env):
    unreachable = sky(["status", "-o", "json"], dict(team_env, FAKE_SKY_REMOTE_API="unreachable"), check_rc=1)
    assert strip(unreachable.stderr).splitlines()[0] == (
        "sky.exceptions.ApiServerConnectionError: Could not connect to SkyPilot API server at "
        f"{TEAM_URL}. Please ensure that the server is running. Try: curl {TEAM_URL}/api/health")
    refused = sky(["exec", CLUSTER, "--", "true"], dict(team_env, FAKE_SKY_REMOTE_API="unauthorized"), check_rc=1)
    assert strip(refused.stderr) == (
        "sky.exceptions.ApiServerAuthenticationError: Authentication required for SkyPilot API server at "
        f"{TEAM_URL}. Please run:\n  sky api login -e {TEAM_URL}\n")
    old = sky(["status"], dict(team_env, FAKE_SKY_REMOTE_API="server-too-old"), check_rc=1)
    assert strip(old.stderr).startswith(
        "sky.exceptions.APIVersionMismatchError: Your SkyPilot API server version is too old: 0.10.0\n"
        "The client is running on 0.14.1 and the minimum compatible version is 0.11.0.\n")
    info = json.loads(sky(["api", "info", "-o", "json"], dict(team_env, FAKE_SKY_REMOTE_API="server-too-old"),
                          check_rc=0).stdout)
    assert info["server"]["version"] == "0.10.0", "api info itself does not check compatibility"


def test_a_token_that_is_no_service_account_token_is_refused_by_the_client(team_env):
    proc = sky(["status"], dict(team_env, SKYPILOT_SERVICE_ACCOUNT_TOKEN="hunter2"), check_rc=1)
    assert strip(proc.stderr).splitlines()[-1] == (
        'ValueError: Invalid service account token format. Token must start with "sky_"')


def test_api_start_starts_the_local_server_which_records_the_environment_it_inherited(server_env, home):
    e = dict(server_env, JENKINS_URL="https://ci.example.com/", JENKINS_NODE_COOKIE="dontKillMe",
             BUILD_ID="dontKillMe")
    proc = sky(["api", "start"], e, check_rc=0)
    assert "SkyPilot API server started." in strip(proc.stdout)
    rec = server_record(home)
    deadline = time.time() + 10
    path = home / "api_server" / "server-env.json"
    while not path.exists() and time.time() < deadline:
        time.sleep(0.05)
    recorded = json.loads(path.read_text())
    assert recorded["pid"] == rec["pid"]
    assert recorded["environment"] == {"JENKINS_URL": "https://ci.example.com/",
                                       "JENKINS_NODE_COOKIE": "dontKillMe", "BUILD_ID": "dontKillMe"}
    again = sky(["api", "start"], e, check_rc=0)
    assert "started" not in strip(again.stdout), "a running server is only checked"
    os.kill(rec["pid"], signal.SIGKILL)


def test_api_start_refuses_with_a_remote_endpoint(team_env):
    proc = sky(["api", "start"], team_env, check_rc=1)
    assert strip(proc.stderr).startswith("ValueError: Unable to start local API server: server endpoint is set to "
                                         f"{TEAM_URL}.")


def test_status_json_with_ip_prints_the_list_before_ip_looks_at_it(env):
    """The team pre-flight's probe: as the real 0.14.1 status, `-o json` returns before `--ip` checks the cluster."""
    proc = sky(["status", "--output", "json", "--ip", "remote-maven-plugin-api-check"], env, check_rc=0)
    assert json.loads(strip(proc.stdout).split("\n", 1)[1]) == []
    table = sky(["status", "--ip", "remote-maven-plugin-api-check"], env, check_rc=1)
    assert "No existing cluster specified" in strip(table.stderr)
