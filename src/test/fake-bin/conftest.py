"""Shared by the fakes' test modules: the package under test is importable as `fake_sky`."""

import os
import sys

FAKE_BIN = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                         "..", "..", "it", "fake-bin"))
if FAKE_BIN not in sys.path:
    sys.path.insert(0, FAKE_BIN)
