"""Runs the fake `sky`: `src/it/fake-bin/sky` executes this file (or `python -m fake_sky`)."""

import importlib.util
import os
import sys

if not __package__:
    # Run as a file: import the package from the directory above, not this file's siblings as
    # top-level modules.
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

if importlib.util.find_spec("yaml") is None:
    sys.stderr.write(
        f"fake sky: PyYAML is not importable by {sys.executable}. The build runs the fake with "
        "its venv's python (FAKE_SKY_PYTHON=target/real-tools/venv/bin/python, set in pom.xml); "
        "by hand, set FAKE_SKY_PYTHON to a python3 that has PyYAML.\n")
    sys.exit(1)

from fake_sky import SKY_ENTRY  # noqa: E402
from fake_sky.cli import main  # noqa: E402

# Tracebacks name the `sky` executable, as the real CLI's name its console script.
sys.argv[0] = SKY_ENTRY
main()
