"""The fake's workdir sync against the shared sync-rule vectors (src/test/resources/sync-rules/).

The same file drives the plugin's SyncSizeGuard tests, and the build checks every case against a real
rsync (src/build/rsync_vectors.py), so the fake, the plugin and rsync agree on what SkyPilot uploads.
"""

import json
import os

import pytest

from conftest import FAKE_BIN  # noqa: F401  (puts fake_sky on sys.path)
from fake_sky.sync import sync_workdir

VECTORS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources",
                                        "sync-rules", "vectors.json"))
with open(VECTORS, encoding="utf-8") as f:
    CASES = json.load(f)["cases"]


def write_tree(root, files):
    for rel, content in files.items():
        path = os.path.join(root, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(content)


def files_under(root):
    found = []
    for dirpath, _dirs, names in os.walk(root):
        found += [os.path.relpath(os.path.join(dirpath, n), root).replace(os.sep, "/") for n in names]
    return sorted(found)


def test_the_vectors_are_well_formed_and_cover_the_rules():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)) and len(CASES) >= 25
    for case in CASES:
        assert set(case) == {"name", "files", "synced"}, case["name"]
        assert case["synced"] == sorted(case["synced"]), case["name"]
        assert set(case["synced"]) <= set(case["files"]), case["name"]
    patterns = "".join(v for c in CASES for k, v in c["files"].items() if k.endswith(("ignore", "exclude")))
    for needle in ["/target", "build/", "**/", "*", "?", "[ab]", "[!", "\\", "!", "#", "\r", "***", "/**"]:
        assert needle in patterns, needle


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_fake_syncs_what_rsync_does(case, tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.mkdir()
    write_tree(str(src), case["files"])
    sync_workdir(str(src), str(dst))
    assert files_under(str(dst)) == case["synced"]
