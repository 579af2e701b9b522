"""Tests for the fake `sky jobs launch/queue/logs/cancel` (src/it/fake-bin/fake_sky/managed.py, cmd_managed.py).

Run from the project root: python3 -m pytest src/test/fake-bin -q
Every test gets its own state dir (FAKE_SKY_HOME) and kills the jobs and controllers it left.
"""

import contextlib
import json
import os
import re
import select
import signal
import subprocess
import sys
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE_BIN = os.path.normpath(os.path.join(HERE, "..", "..", "it", "fake-bin"))
SKY = os.path.join(FAKE_BIN, "sky")
# The python the fake runs with: the build passes its venv's, which has PyYAML.
FAKE_SKY_PYTHON = os.environ.get("FAKE_SKY_PYTHON") or sys.executable
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def strip(data):
    return ANSI.sub(b"", data).decode("utf-8", "replace")


@pytest.fixture
def home(tmp_path):
    state = tmp_path / "state"
    yield state
    _kill_leftovers(state)


@pytest.fixture
def env(home):
    e = {k: v for k, v in os.environ.items() if not k.startswith("FAKE_")}
    e["PATH"] = FAKE_BIN + os.pathsep + e.get("PATH", "")
    e["FAKE_SKY_HOME"] = str(home)
    e["FAKE_SKY_PYTHON"] = FAKE_SKY_PYTHON
    e["FAKE_SKY_API_SERVER"] = "off"
    e["FAKE_SKY_JOBS_START_SECONDS"] = "0.1"
    return e


@pytest.fixture
def task(tmp_path):
    """A project and a managed-job task YAML running its script; write the script per test."""
    proj = tmp_path / "proj"
    proj.mkdir()

    def make(script, name="train", extra=""):
        (proj / "job.py").write_text(script)
        path = tmp_path / f"{name}.yaml"
        path.write_text(f"name: {name}\nworkdir: {proj}\nrun: python3 job.py\n"
                        f"resources:\n  accelerators: H100:1\n  use_spot: true\n{extra}")
        return str(path)
    return make


def sky(args, env, timeout=60):
    return subprocess.run([SKY] + list(args), env=env, capture_output=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def managed(home, job_id):
    return json.loads((home / "managed" / "jobs" / str(job_id) / "job.json").read_text())


def wait_for(predicate, timeout=20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _kill_leftovers(state):
    for path in list((state / "managed" / "jobs").glob("*/job.json")) if (state / "managed").is_dir() else []:
        rec = json.loads(path.read_text())
        if rec.get("controller_pid"):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(rec["controller_pid"], signal.SIGKILL)
    for path in (state / "jobs").glob("*/*/job.json") if (state / "jobs").is_dir() else []:
        rec = json.loads(path.read_text())
        if rec.get("pgid"):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(rec["pgid"], signal.SIGKILL)


def test_launch_detached_prints_the_managed_id_then_logs_follow_to_the_end(env, home, task, tmp_path):
    go = tmp_path / "go"
    yaml = task("import os, time\nprint('hello from the job', flush=True)\n"
                f"while not os.path.exists({str(go)!r}):\n    time.sleep(0.05)\n")
    p = sky(["jobs", "launch", yaml, "--name", "train-7", "--yes", "--detach-run"], env)
    out = strip(p.stdout)
    assert p.returncode == 0, out + strip(p.stderr)
    assert "Launching managed job 'train-7' from jobs controller..." in out
    # The controller cluster's own job id is not the managed job's id.
    assert "Job submitted, ID: 101" in out
    assert "Managed Job ID: 1\n" in out
    assert "├── To cancel the job:\t\tsky jobs cancel 1" in out
    follower = subprocess.Popen([SKY, "jobs", "logs", "--tail", "0", "1"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    buf = b""
    deadline = time.time() + 20
    while b"hello from the job" not in buf and time.time() < deadline:
        if select.select([follower.stdout], [], [], 0.5)[0]:
            buf += os.read(follower.stdout.fileno(), 4096)
    go.write_text("")
    rest, _ = follower.communicate(timeout=30)
    text = strip(buf + rest)
    assert follower.returncode == 0, text
    assert "(train-7, pid=" in text and "hello from the job" in text
    assert "✓ Job finished (status: SUCCEEDED)." in text
    assert text.rstrip().endswith("✓ Managed job finished: 1 (status: SUCCEEDED).")
    rec = managed(home, 1)
    assert rec["status"] == "SUCCEEDED" and rec["recovery_count"] == 0
    assert rec["job_name"] == "train-7" and rec["resources"] == "1x[H100:1]" and rec["use_spot"] is True
    # Once it is over, its log and the managed status, as the real client prints a finished job.
    done = sky(["jobs", "logs", "--tail", "0", "1"], env)
    assert done.returncode == 0
    assert strip(done.stdout).rstrip().endswith("hello from the job\n✓ Job finished (status: SUCCEEDED).")


def test_launch_follows_a_failing_job_and_exits_100(env, home, task):
    yaml = task("import sys\nprint('going down')\nsys.exit(3)\n")
    p = sky(["jobs", "launch", yaml, "-y"], env)
    out = strip(p.stdout)
    assert p.returncode == 100, out
    assert "ERROR: Job 1 failed with return code list: [3]" in out
    assert "✓ Job finished (status: FAILED)." in out
    assert "✓ Managed job finished: 1 (status: FAILED)." in out
    assert out.index("Managed job finished") < out.index("Managed Job ID: 1")
    assert managed(home, 1)["status"] == "FAILED"
    # A finished job's log, again.
    again = sky(["jobs", "logs", "--no-follow", "1"], env)
    assert again.returncode == 100 and "going down" in strip(again.stdout)


def test_a_preempted_job_recovers_on_a_new_cluster_and_succeeds(env, home, task, tmp_path):
    # The first attempt waits after "step 1" until the preemption kills it; the second one runs through.
    first = tmp_path / "first-attempt"
    yaml = task("import os, time\n"
                f"first = not os.path.exists({str(first)!r})\n"
                f"open({str(first)!r}, 'a').close()\n"
                "for i in range(4):\n    print('step', i, flush=True)\n"
                "    if first and i == 1:\n        time.sleep(60)\n")
    p = sky(["jobs", "launch", yaml, "-y", "--job-recovery", "FAILOVER"],
            dict(env, FAKE_SKY_JOBS_PREEMPT_AT="step 1"))
    out = strip(p.stdout)
    assert p.returncode == 0, out
    assert "The job cluster is preempted or failed." in out
    after = out.split("The job cluster is preempted or failed.")[1]
    assert "step 0" in after and "step 3" in after, "the job ran again from the start"
    assert "failed with return code list" not in out, "a preempted attempt has no return code of its own"
    assert "✓ Managed job finished: 1 (status: SUCCEEDED)." in out
    rec = managed(home, 1)
    assert rec["recovery_count"] == 1 and rec["attempt"] == 2 and rec["job_recovery"] == "FAILOVER"
    controller = strip(sky(["jobs", "logs", "--controller", "1"], env).stdout)
    assert "preempted; recovering" in controller


def test_cancel_stops_the_job_and_the_follower_exits_103(env, home, task):
    yaml = task("import time\nprint('started', flush=True)\ntime.sleep(300)\n")
    follower = subprocess.Popen([SKY, "jobs", "launch", yaml, "-y", "--name", "long"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        wait_for(lambda: (home / "managed" / "jobs" / "1" / "job.json").exists()
                 and managed(home, 1)["status"] == "RUNNING")
        wait_for(lambda: b"started" in (home / "jobs" / "long-1" / "1" / "run.log").read_bytes())
        pgid = json.loads((home / "jobs" / "long-1" / "1" / "job.json").read_text())["pgid"]
        c = sky(["jobs", "cancel", "-y", "1"], env)
        assert c.returncode == 0 and strip(c.stdout).strip() == "Job with ID 1 is scheduled to be cancelled."
        out, _ = follower.communicate(timeout=30)
    finally:
        if follower.poll() is None:
            follower.kill()
    assert follower.returncode == 103, strip(out)
    assert "✓ Managed job finished: 1 (status: CANCELLED)." in strip(out)
    assert managed(home, 1)["status"] == "CANCELLED"
    wait_for(lambda: not alive(pgid))
    again = sky(["jobs", "cancel", "-y", "1"], env)
    assert strip(again.stdout).splitlines() == ["Job 1 is already in terminal state CANCELLED. Skipped.",
                                                 "No job to cancel."]


def test_ctrl_c_on_the_follower_leaves_the_job_running(env, home, task):
    yaml = task("import time\nprint('started', flush=True)\ntime.sleep(300)\n")
    follower = subprocess.Popen([SKY, "jobs", "launch", yaml, "-y"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    buf = b""
    deadline = time.time() + 20
    while b"started" not in buf and time.time() < deadline:
        if select.select([follower.stdout], [], [], 0.5)[0]:
            buf += os.read(follower.stdout.fileno(), 4096)
    follower.send_signal(signal.SIGINT)
    _, err = follower.communicate(timeout=20)
    assert follower.returncode == 1 and "Aborted!" in strip(err)
    assert managed(home, 1)["status"] == "RUNNING"
    assert sky(["jobs", "cancel", "-y", "--all"], env).returncode == 0
    assert managed(home, 1)["status"] == "CANCELLED"


def test_no_resources_fails_the_job_before_it_runs(env, home, task):
    yaml = task("print('never')\n")
    p = sky(["jobs", "launch", yaml, "-y", "-d"], dict(env, FAKE_SKY_JOBS_NO_RESOURCE="no H100 spot capacity"))
    assert p.returncode == 0
    wait_for(lambda: managed(home, 1)["status"] == "FAILED_NO_RESOURCE")
    logs = sky(["jobs", "logs", "--tail", "0", "1"], env)
    text = strip(logs.stdout)
    assert logs.returncode == 100, text
    assert "Job 1 is already in terminal state FAILED_NO_RESOURCE." in text
    assert "Failure reason: " in text and "no H100 spot capacity" in text
    assert "never" not in text


def test_without_a_controller_logs_and_cancel_fail_and_the_queue_is_empty(env):
    for args in (["jobs", "logs", "3"], ["jobs", "cancel", "-y", "3"]):
        p = sky(args, env)
        assert p.returncode == 1
        # (the default-tail hint of `jobs logs` comes first, as the real client prints it before its request)
        assert strip(p.stderr).splitlines()[-1] == "sky.exceptions.ClusterNotUpError: No in-progress managed jobs."
    q = sky(["jobs", "queue"], env)
    assert q.returncode == 0 and "No in-progress managed jobs." in strip(q.stdout)


def test_unknown_job_ids(env, task):
    yaml = task("print('x')\n")
    assert sky(["jobs", "launch", yaml, "-y"], env).returncode == 0
    logs = sky(["jobs", "logs", "--tail", "0", "9"], env)
    assert logs.returncode == 102 and strip(logs.stdout).strip() == "Job 9 not found."
    c = sky(["jobs", "cancel", "-y", "9"], env)
    assert c.returncode == 0 and strip(c.stdout).splitlines() == ["Job 9 not found. Skipped.", "No job to cancel."]


def test_default_tail_hint_only_when_following(env, task):
    yaml = task("print('x')\n")
    assert sky(["jobs", "launch", yaml, "-y"], env).returncode == 0
    follow = sky(["jobs", "logs", "1"], env)
    assert "Showing the last 1000 lines (default). Pass --tail 0 to print the entire log." in strip(follow.stderr)
    assert strip(sky(["jobs", "logs", "--tail", "0", "1"], env).stderr) == ""
    assert strip(sky(["jobs", "logs", "--no-follow", "1"], env).stderr) == ""


def test_queue_and_status_show_managed_jobs_but_no_job_cluster(env, home, task):
    yaml = task("import time\nprint('started', flush=True)\ntime.sleep(300)\n")
    assert sky(["jobs", "launch", yaml, "-y", "-d", "--name", "busy"], env).returncode == 0
    wait_for(lambda: managed(home, 1)["status"] == "RUNNING")
    q = strip(sky(["jobs", "queue"], env).stdout)
    assert "In progress tasks: 1 RUNNING" in q
    row = next(line for line in q.splitlines() if line.startswith("1 "))
    assert "busy" in row and "RUNNING" in row and "1x[H100:1]" in row
    data = json.loads(sky(["jobs", "queue", "-o", "json"], env).stdout)
    assert [(r["job_id"], r["job_name"], r["status"]) for r in data] == [(1, "busy", "RUNNING")]
    status = strip(sky(["status"], env).stdout)
    assert "busy-1" not in status.split("Managed jobs")[0], "job clusters are not listed as clusters"
    assert "In progress tasks: 1 RUNNING" in status.split("Managed jobs")[1]
    assert sky(["jobs", "cancel", "-y", "-n", "busy"], env).returncode == 0
    assert managed(home, 1)["status"] == "CANCELLED"


def test_env_and_secret_values_reach_the_job_but_not_the_state_dir(env, home, task):
    yaml = task("import os\nprint('token=' + os.environ['HF_TOKEN'], 'mode=' + os.environ['MODE'])\n",
                extra="envs:\n  MODE: fast\n")
    p = sky(["jobs", "launch", yaml, "-y", "--secret", "HF_TOKEN"], dict(env, HF_TOKEN="s3cret-value"))
    assert p.returncode == 0, strip(p.stdout)
    assert "token=s3cret-value mode=fast" in strip(p.stdout)
    rec = managed(home, 1)
    assert rec["secret_names"] == ["HF_TOKEN"] and rec["env_names"] == ["MODE"]
    for path in (home / "managed").rglob("*.json"):
        assert "s3cret-value" not in path.read_text()


def test_the_option_tables_are_served_for_the_drift_check(env):
    p = sky(["__fake-options", "--json", "jobs launch"], env)
    table = json.loads(p.stdout)["options"]
    assert table["--job-recovery"]["type"] == "str" and table["--yes"]["names"] == ["--yes", "-y"]
    assert table["--cluster"]["hidden"] is True
