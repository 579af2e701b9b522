import os
import sys


def test_runs_in_the_uv_venv():
    # uv made the project's .venv in the cluster's ~/sky_workdir and runs pytest from it.
    assert os.path.join("sky_workdir", ".venv") in sys.prefix, sys.prefix


def test_no_cuda_export_on_tpu():
    assert os.environ.get("CUDA_VISIBLE_DEVICES", "") == ""


def test_pytest_came_from_the_lock():
    import pytest
    assert os.path.join("sky_workdir", ".venv") in pytest.__file__, pytest.__file__
