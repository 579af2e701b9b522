"""The fake `sky` as a package: its layout, the entry point, and task files read with PyYAML."""

import ast
import os
import subprocess
import sys

import pytest
import yaml

from conftest import FAKE_BIN

PACKAGE = os.path.join(FAKE_BIN, "fake_sky")
SKY = os.path.join(FAKE_BIN, "sky")
FAKE_SKY_PYTHON = os.environ.get("FAKE_SKY_PYTHON") or sys.executable
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
MODULES = ["__init__", "__main__", "api_server", "cli", "cmd_cluster", "cmd_jobs", "cmd_managed", "cmd_run",
           "errors", "faults", "jobs", "managed", "options", "output", "parser", "procs", "resources",
           "state", "sync", "task"]


def fake_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAKE_")}
    env.update(FAKE_SKY_HOME=str(tmp_path / "state"), FAKE_SKY_API_SERVER="off",
               FAKE_SKY_PYTHON=FAKE_SKY_PYTHON)
    env.update(extra)
    return env


def test_the_suite_runs_where_pyyaml_is():
    # The build runs this suite and the fake with its venv's python (pom.xml); PyYAML must be there,
    # never silently missing.
    assert yaml.__version__


def test_package_modules_are_the_documented_ones_and_small():
    found = sorted(f[:-3] for f in os.listdir(PACKAGE) if f.endswith(".py"))
    assert found == MODULES
    with open(os.path.join(PACKAGE, "__init__.py")) as f:
        doc = ast.get_docstring(ast.parse(f.read()))
    with open(os.path.join(FAKE_BIN, "README.md")) as f:
        readme = f.read()
    for name in MODULES[2:]:
        assert f"\n  {name} " in doc, f"fake_sky/__init__.py does not describe {name}"
        assert f"`{name}`" in readme, f"README.md does not describe {name}"
        with open(os.path.join(PACKAGE, name + ".py")) as f:
            assert len(f.read().splitlines()) <= 400, f"{name}.py grew past 400 lines: split it"


def test_the_entry_point_is_thin_and_sky_errors_name_it(tmp_path):
    with open(SKY) as f:
        assert len(f.read().splitlines()) <= 10
    # The traceback fault names the `sky` executable, as the real one names its console script.
    proc = subprocess.run([SKY, "status"], env=fake_env(tmp_path, FAKE_SKY_FAULT="traceback"),
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1
    assert f'  File "{SKY}", line 8, in <module>\n' in proc.stderr


def test_python_dash_m_runs_the_same_cli(tmp_path):
    proc = subprocess.run([FAKE_SKY_PYTHON, "-m", "fake_sky", "--version"], cwd=FAKE_BIN,
                          env=fake_env(tmp_path), capture_output=True, text=True, timeout=30)
    assert (proc.returncode, proc.stdout) == (0, "skypilot, version 0.14.1\n")


def test_a_python_without_pyyaml_is_refused_with_the_fix(tmp_path):
    # python -S has no site-packages, so no PyYAML: the fake says so instead of half-working.
    wrapper = tmp_path / "python-without-site"
    wrapper.write_text(f'#!/bin/sh\nexec {FAKE_SKY_PYTHON} -S "$@"\n')
    wrapper.chmod(0o755)
    proc = subprocess.run([SKY, "--version"], env=fake_env(tmp_path, FAKE_SKY_PYTHON=str(wrapper)),
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"fake sky: PyYAML is not importable by ")
    assert "FAKE_SKY_PYTHON" in proc.stderr


def test_without_fake_sky_python_the_entry_point_runs_python3(tmp_path):
    # PATH decides then: a python3 that is this suite's python (it has PyYAML).
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    env = fake_env(tmp_path)
    del env["FAKE_SKY_PYTHON"]
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.run([SKY, "--version"], env=env, capture_output=True, text=True, timeout=30)
    assert (proc.returncode, proc.stdout) == (0, "skypilot, version 0.14.1\n")


# ---------------------------------------------------------------------------
# Task files: PyYAML, as SkyPilot's yaml_utils.safe_load_all
# ---------------------------------------------------------------------------
YAML_SAMPLES = [
    "resources:\n  accelerators: H100:1\n  use_spot: true\n  ports:\n    - 8080\n    - '9090'\n"
    "num_nodes: 2\nenvs:\n  EMPTY:\n  QUOTED: 'it''s'\n  DQ: \"a\\tb\"\n  F: 1.5\n  Y: yes\n"
    "setup: |-\n  line1\n\n  line2\nrun: >\n  folded\n  text\n\n  para\n",
    "name: x\nresources: {accelerators: L4, cpus: 4+}\nfile_mounts: {}\nlist: [a, b, 3]\n"
    "nested:\n- name: one\n  value: 1\n- two\n",
    "run: echo one\n---\nrun: echo two\n",
    "",
]


@pytest.mark.parametrize("text", YAML_SAMPLES)
def test_task_files_are_read_as_pyyaml_safe_load_all(text):
    from fake_sky.task import yaml_load_all
    assert yaml_load_all(text) == list(yaml.safe_load_all(text))


def test_a_broken_task_file_is_a_yaml_error():
    from fake_sky.task import YamlError, yaml_load_all
    with pytest.raises(YamlError) as e:
        yaml_load_all("run: a: b\n", "t.yaml")
    assert str(e.value) == ("mapping values are not allowed in this context\n"
                            '  in "t.yaml", line 1, column 7')


def test_the_plugins_task_file_becomes_the_task(tmp_path):
    # data/plugin-tpu.sky.yaml is what the plugin's TaskYaml wrote for the provision-tpu IT.
    from fake_sky.task import make_task
    path = os.path.join(DATA, "plugin-tpu.sky.yaml")
    values = {"--env": [("A", "1")], "--gpus": None, "--name": None}
    task = make_task([path], values, [])
    with open(path) as f:
        assert task["yaml_text"] == f.read()
    assert task["yaml_path"] == path
    assert task["gpus"] == ("tpu-v6e-8", 1)
    assert task["use_spot"] is True and task["infra"] == "gcp"
    assert task["accelerator_args"] == {"tpu_vm": True, "runtime_version": "v2-alpha-tpuv6e"}
    assert task["setup"].startswith("# Added by remote-maven-plugin: jobs run with `uv run`")
    assert task["run"] is None and task["envs"] == {"A": "1"}


def test_launching_the_plugins_task_file_records_its_resources(tmp_path):
    proc = subprocess.run([SKY, "launch", "-y", "-c", "tpu-x", os.path.join(DATA, "plugin-tpu.sky.yaml")],
                          env=fake_env(tmp_path), cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Running setup on 1 node." in proc.stdout
    import json
    rec = json.loads((tmp_path / "state" / "clusters" / "tpu-x.json").read_text())
    assert rec["accelerators"] == "tpu-v6e-8:1" and rec["use_spot"] is True and rec["infra"] == "gcp"
    assert rec["accelerator_args"] == {"tpu_vm": True, "runtime_version": "v2-alpha-tpuv6e"}


def test_a_dag_file_is_a_usage_error(tmp_path):
    (tmp_path / "dag.yaml").write_text(YAML_SAMPLES[2])
    proc = subprocess.run([SKY, "launch", "-y", "-c", "d1", "dag.yaml"], env=fake_env(tmp_path),
                          cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2
    assert proc.stderr.endswith("Error: YAML specifies a DAG, while this command supports a single "
                                "task only.\n")


def test_an_invalid_yaml_path_asks_before_running_it_as_a_command(tmp_path):
    (tmp_path / "bad.yaml").write_text("run: a: b\n")
    proc = subprocess.run([SKY, "launch", "-y", "-c", "b1", "bad.yaml"], env=fake_env(tmp_path),
                          cwd=tmp_path, capture_output=True, text=True, timeout=30,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 1
    assert "'bad.yaml' looks like a yaml path but contains an invalid configuration." in proc.stdout
    assert ('YAML Error: mapping values are not allowed in this context\n  in "bad.yaml", line 1, '
            "column 7\n") in proc.stdout
    assert proc.stderr == "Aborted!\n"
