#!/usr/bin/env python3
"""Checks the workdir-sync test vectors against a real rsync.

Run by `./mvnw verify` (exec-maven-plugin, execution `sync-vectors-rsync`, phase `test`):

    python3 src/build/rsync_vectors.py --vectors src/test/resources/sync-rules/vectors.json \
        --cache-root ~/.cache/remote-maven-plugin --out target/sync-vectors

For every case it writes the case's files into a fresh directory and asks rsync, in a dry run, which
files it would send, with exactly the filter SkyPilot 0.14.1 passes (sky/utils/command_runner.py,
`_rsync`): `--filter=dir-merge,- .skyignore` when the workdir has a .skyignore, else
`--filter=dir-merge,- .gitignore` plus `--exclude-from=<workdir>/.git/info/exclude` when that file
exists. Any case whose `synced` list differs from rsync's fails the build.

rsync: the one on PATH; else Debian's package, fetched once per machine with `apt-get download`
(rsync and those of its libraries the machine lacks) and unpacked with `dpkg -x` under
<cache-root>/rsync-<version>/. Only when neither works does the check skip, loudly.
"""

import argparse
import fcntl
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile


def log(msg):
    print(f"[sync-vectors] {msg}", flush=True)


def run(argv, **kw):
    return subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, **kw)


class Rsync:
    def __init__(self, path, env=None, origin=""):
        self.path, self.env, self.origin = path, env, origin

    def version(self):
        proc = run([self.path, "--version"], env=self.env)
        if proc.returncode != 0:
            raise OSError(proc.stderr.strip() or f"exit {proc.returncode}")
        return " ".join(proc.stdout.splitlines()[0].split())


def unpacked_rsync(root):
    libs = sorted({os.path.dirname(p) for p in glob.glob(os.path.join(root, "**", "*.so*"), recursive=True)})
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.pathsep.join(libs + [env.get("LD_LIBRARY_PATH", "")]).rstrip(os.pathsep)
    return Rsync(os.path.join(root, "usr", "bin", "rsync"), env)


def debian_rsync(cache_root):
    """rsync from Debian's package, unpacked under the cache; (Rsync, None) or (None, why)."""
    if not (shutil.which("apt-get") and shutil.which("apt-cache") and shutil.which("dpkg")):
        return None, "no apt-get/apt-cache/dpkg on this machine (not Debian-based)"
    policy = run(["apt-cache", "policy", "rsync"])
    candidate = next((line.split(":", 1)[1].strip() for line in policy.stdout.splitlines()
                      if line.strip().startswith("Candidate:")), "(none)")
    if candidate == "(none)" and os.geteuid() == 0:
        log("apt knows no rsync package: apt-get update")
        update = run(["apt-get", "-o", "DPkg::Lock::Timeout=120", "update", "-qq"])
        if update.returncode != 0:
            return None, f"apt-get update failed: {update.stderr.strip()[-300:]}"
        policy = run(["apt-cache", "policy", "rsync"])
        candidate = next((line.split(":", 1)[1].strip() for line in policy.stdout.splitlines()
                          if line.strip().startswith("Candidate:")), "(none)")
    if candidate == "(none)":
        return None, "apt knows no rsync package (run `apt-get update` as root once)"
    root = os.path.join(cache_root, f"rsync-{candidate.replace(':', '_')}")
    if os.path.isfile(os.path.join(root, "stamp.json")):
        rsync = unpacked_rsync(root)
        try:
            rsync.origin = f"Debian package {candidate}, cached in {root}"
            rsync.version()
            return rsync, None
        except OSError as e:
            log(f"cached rsync in {root} does not run ({e}); fetching it again")
    # rsync and the libraries it needs that the machine does not have.
    depends = run(["apt-cache", "depends", "--important", "rsync"]).stdout
    wanted = ["rsync"]
    for line in depends.splitlines():
        line = line.strip()
        if line.startswith(("Depends:", "PreDepends:")):
            pkg = line.split(":", 1)[1].strip().strip("<>")
            status = run(["dpkg-query", "-W", "-f=${Status}", pkg])
            if pkg.startswith("lib") and "install ok installed" not in status.stdout:
                wanted.append(pkg)
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        got = run(["apt-get", "download"] + wanted, cwd=tmp)
        debs = glob.glob(os.path.join(tmp, "*.deb"))
        if got.returncode != 0 or len(debs) != len(wanted):
            return None, f"apt-get download {' '.join(wanted)} failed: {got.stderr.strip()[-300:]}"
        staging = root + f".tmp-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        os.makedirs(staging)
        for deb in debs:
            x = run(["dpkg", "-x", deb, staging])
            if x.returncode != 0:
                return None, f"dpkg -x {os.path.basename(deb)} failed: {x.stderr.strip()}"
        with open(os.path.join(staging, "stamp.json"), "w") as f:
            json.dump({"packages": sorted(os.path.basename(d) for d in debs)}, f, indent=2)
        shutil.rmtree(root, ignore_errors=True)
        os.replace(staging, root)
    rsync = unpacked_rsync(root)
    rsync.origin = f"Debian package {candidate} ({', '.join(wanted)}), unpacked in {root}"
    try:
        rsync.version()
    except OSError as e:
        return None, f"the unpacked rsync does not run: {e}"
    return rsync, None


def find_rsync(cache_root):
    on_path = shutil.which("rsync")
    if on_path:
        return Rsync(on_path, origin=f"{on_path} (on PATH)"), None
    os.makedirs(cache_root, exist_ok=True)
    with open(os.path.join(cache_root, "rsync.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one fetch at a time per machine
        return debian_rsync(cache_root)


def write_tree(root, files):
    for rel, content in files.items():
        path = os.path.join(root, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(content)


def skypilot_filter(src):
    """The filter arguments of SkyPilot 0.14.1's rsync for this workdir (command_runner._rsync)."""
    if os.path.exists(os.path.join(src, ".skyignore")):
        return ["--filter=dir-merge,- .skyignore"]
    args = ["--filter=dir-merge,- .gitignore"]
    exclude = os.path.join(src, ".git", "info", "exclude")
    if os.path.exists(exclude):
        args.append(f"--exclude-from={exclude}")
    return args


def rsync_synced(rsync, files):
    """The files rsync -a would send for this tree, as sorted relative paths."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "src"), os.path.join(tmp, "dst")
        os.makedirs(src)
        os.makedirs(dst)
        write_tree(src, files)
        argv = [rsync.path, "-a", "--dry-run", "--out-format=%n"] + skypilot_filter(src) + [src + "/", dst]
        proc = run(argv, env=rsync.env)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.strip()}")
        return sorted(line for line in proc.stdout.splitlines() if line and not line.endswith("/"))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--vectors", required=True)
    p.add_argument("--cache-root", default=os.path.expanduser("~/.cache/remote-maven-plugin"))
    p.add_argument("--out", required=True)
    p.add_argument("--print", action="store_true", help="print rsync's answer for every case, check nothing")
    args = p.parse_args()
    with open(args.vectors, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    rsync, why = find_rsync(os.path.abspath(os.path.expanduser(args.cache_root)))
    if rsync is None:
        bar = "!" * 100
        for line in [bar, f"SKIPPED: the {len(cases)} sync-rule vectors were NOT checked against a real rsync:",
                     why, f"({args.vectors} is then only checked against the fake's and the plugin's matchers.)",
                     bar]:
            print(f"[WARNING] [sync-vectors] {line}", flush=True)
        return 0
    log(f"rsync: {rsync.version()} from {rsync.origin}")
    os.makedirs(args.out, exist_ok=True)
    report, failures = [], []
    for case in cases:
        got = rsync_synced(rsync, case["files"])
        report.append({"name": case["name"], "expected": case["synced"], "rsync": got})
        if args.print:
            print(json.dumps({"name": case["name"], "synced": got}))
        elif got != sorted(case["synced"]):
            failures.append(f"{case['name']!r}: the vector says {case['synced']}, rsync sends {got}")
    with open(os.path.join(args.out, "rsync-vectors.json"), "w") as f:
        json.dump({"rsync": rsync.version(), "origin": rsync.origin, "cases": report}, f, indent=2)
    if failures:
        for line in failures:
            log(f"MISMATCH {line}")
        raise SystemExit(f"[sync-vectors] {len(failures)} of {len(cases)} vectors disagree with real rsync: the "
                         f"vectors are the truth about SkyPilot's sync only where rsync agrees; fix {args.vectors}")
    if not args.print:
        log(f"all {len(cases)} vectors of {args.vectors} agree with {rsync.version()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
