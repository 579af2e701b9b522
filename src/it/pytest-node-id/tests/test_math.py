import os

import pytest


def test_add():
    assert 1 + 2 == 3


def test_multiply():
    assert 3 * 4 == 12


def test_cuda_visible_devices():
    # The remote command exports it before uv runs.
    assert os.environ.get("CUDA_VISIBLE_DEVICES") == "0"


@pytest.mark.skip(reason="not on this device")
def test_skipped():
    assert False
