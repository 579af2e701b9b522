import os


def test_add():
    assert 1 + 2 == 3


def test_cuda():
    # SkyPilot schedules the accelerator of the managed job's cluster.
    assert os.environ.get("CUDA_VISIBLE_DEVICES") == "0"


def test_fails():
    assert 1 == 2
