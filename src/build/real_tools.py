#!/usr/bin/env python3
"""Creates the pinned tool environment of the build: the real SkyPilot CLI and the real uv.

Run by `./mvnw verify` (exec-maven-plugin, see pom.xml); nothing has to be installed by hand.

    python3 src/build/real_tools.py --skypilot 0.14.1 --uv 0.13.8 \
        --cache-root ~/.cache/remote-maven-plugin --link target/real-tools

makes, once per machine and tool versions, under <cache-root>/tools-skypilot-<v>-uv-<v>-<key>/
(<key>: a hash of everything the directory is made from, so builds of different checkouts on one
machine never rebuild each other's directory):

    venv/          a virtual environment of the machine's python3 with skypilot==<v> and uv==<v>,
                   and pytest for the fakes' own suite (src/test/fake-bin), every other package
                   (PyYAML, which the fake `sky` reads task files with, among them) pinned by
                   src/build/real-tools-constraints.txt
    uv-bin/uv      the real uv alone (a symlink), for the fake cluster's job PATH
    wheelhouse/    the wheels of src/build/it-wheelhouse.txt: the package index the IT projects'
                   remote `uv run` resolves from, offline (pytest and its dependencies)
    stamp.json     what was installed and from what; a different key rebuilds the directory

and points <link> (a symlink under target/) at it, so the POM can name fixed paths.

No managed Python is downloaded (UV_PYTHON_DOWNLOADS=never): the venv uses the python3 that runs
this script. A lock file next to the directory serialises concurrent builds on one machine.

`--freeze FILE` writes the resolved versions of an existing environment as a constraints file
(how real-tools-constraints.txt is regenerated after a version bump).
"""

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def log(msg):
    print(f"[real-tools] {msg}", flush=True)


def run(argv, env=None, quiet=False):
    if not quiet:
        log("$ " + " ".join(argv))
    proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        sys.stdout.write(proc.stdout)
        raise SystemExit(f"[real-tools] failed ({proc.returncode}): {' '.join(argv)}")
    return proc.stdout


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def tool_env(cache_root):
    env = dict(os.environ)
    env["UV_PYTHON_DOWNLOADS"] = "never"      # never a managed Python: the machine's python3
    env["UV_CACHE_DIR"] = os.path.join(cache_root, "uv-cache")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.pop("VIRTUAL_ENV", None)
    env.pop("UV_OFFLINE", None)
    return env


def key_of(args):
    return {
        "skypilot": args.skypilot,
        "uv": args.uv,
        "python": sys.version.split()[0],
        "python_executable": os.path.realpath(sys.executable),
        "constraints_sha256": sha256_file(args.constraints),
        "wheelhouse_sha256": sha256_file(args.wheelhouse),
        "layout": 2,
    }


def key_hash(key):
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:12]


def healthy(tools, key):
    try:
        with open(os.path.join(tools, "stamp.json")) as f:
            stamp = json.load(f)
    except (OSError, ValueError):
        return False, "no stamp"
    if stamp.get("key") != key:
        return False, "different key"
    venv_py = os.path.join(tools, "venv", "bin", "python")
    probe = ("import importlib.metadata as m, yaml, pytest; print(m.version('skypilot'), m.version('uv'))")
    try:
        out = subprocess.run([venv_py, "-c", probe], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return False, f"venv python does not run: {e}"
    if out.returncode != 0 or out.stdout.split() != [key["skypilot"], key["uv"]]:
        return False, f"venv reports {out.stdout.strip() or out.stderr.strip()}"
    uv = os.path.join(tools, "uv-bin", "uv")
    if not os.access(uv, os.X_OK):
        return False, "uv-bin/uv missing"
    return True, "cached"


def build(tools, args, env):
    started = time.monotonic()
    if os.path.lexists(tools):
        shutil.rmtree(tools)
    os.makedirs(tools)
    venv = os.path.join(tools, "venv")
    py = os.path.join(venv, "bin", "python")
    # 1. A venv of this python3, without pip (faster); uv comes in through the machine's pip...
    run([sys.executable, "-m", "venv", "--without-pip", venv], env)
    run([sys.executable, "-m", "pip", "--python", py, "install", "--quiet", "--no-deps",
         "--only-binary=:all:", f"uv=={args.uv}"], env)
    uv = os.path.join(venv, "bin", "uv")
    # 2. ...and installs SkyPilot (and itself, pinned) and pytest with the constraints: a fast resolver.
    run([uv, "pip", "install", "--quiet", "--python", py, "--constraint", args.constraints,
         f"skypilot=={args.skypilot}", f"uv=={args.uv}", "pytest"], env)
    # 3. The IT projects' package index: wheels only, no resolution at IT time but uv's own.
    wheelhouse = os.path.join(tools, "wheelhouse")
    run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "--dest", wheelhouse, "--requirement", args.wheelhouse], env)
    # 4. uv alone on a PATH entry: the fake cluster's jobs must not see the venv's python.
    os.makedirs(os.path.join(tools, "uv-bin"))
    os.symlink(uv, os.path.join(tools, "uv-bin", "uv"))
    return time.monotonic() - started


def relink(link, target):
    os.makedirs(os.path.dirname(os.path.abspath(link)), exist_ok=True)
    tmp = f"{link}.tmp-{os.getpid()}"
    os.symlink(target, tmp)
    os.replace(tmp, link)


def freeze(args):
    venv_py = os.path.join(args.freeze_from, "venv", "bin", "python")
    uv = os.path.join(args.freeze_from, "venv", "bin", "uv")
    out = run([uv, "pip", "freeze", "--python", venv_py], quiet=True)
    lines = [line for line in out.splitlines()
             if "==" in line and not line.lower().startswith(("skypilot==", "uv==", "uv @"))]
    with open(args.freeze, "w") as f:
        f.write("# Every package of the real-tools venv except skypilot and uv (pinned in pom.xml), "
                "pytest among them.\n"
                "# Regenerate after a version bump:\n"
                "#   python3 src/build/real_tools.py --freeze src/build/real-tools-constraints.txt "
                "--freeze-from target/real-tools\n")
        f.write("\n".join(sorted(lines, key=str.lower)) + "\n")
    log(f"wrote {args.freeze} ({len(lines)} pins)")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--skypilot")
    p.add_argument("--uv")
    p.add_argument("--cache-root", default=os.path.expanduser("~/.cache/remote-maven-plugin"))
    p.add_argument("--link", help="symlink to (re)point at the tool directory, e.g. target/real-tools")
    p.add_argument("--constraints", default=os.path.join(HERE, "real-tools-constraints.txt"))
    p.add_argument("--wheelhouse", default=os.path.join(HERE, "it-wheelhouse.txt"))
    p.add_argument("--freeze", help="write the constraints file from --freeze-from and exit")
    p.add_argument("--freeze-from", default="target/real-tools")
    args = p.parse_args()
    if args.freeze:
        return freeze(args)
    if not args.skypilot or not args.uv:
        p.error("--skypilot and --uv are required")
    if sys.version_info < (3, 9):
        raise SystemExit(f"[real-tools] python3 {sys.version.split()[0]} is too old: SkyPilot needs 3.9+")

    cache_root = os.path.abspath(os.path.expanduser(args.cache_root))
    key = key_of(args)
    tools = os.path.join(cache_root, f"tools-skypilot-{args.skypilot}-uv-{args.uv}-{key_hash(key)}")
    os.makedirs(cache_root, exist_ok=True)
    env = tool_env(cache_root)
    with open(tools + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ok, why = healthy(tools, key)
        if ok:
            log(f"skypilot {args.skypilot}, uv {args.uv}: cached in {tools}")
        else:
            log(f"creating {tools} ({why}) with python3 {key['python']}")
            seconds = build(tools, args, env)
            stamp = {"key": key, "seconds": round(seconds, 1), "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
            with open(os.path.join(tools, "stamp.json"), "w") as f:
                json.dump(stamp, f, indent=2)
            ok, why = healthy(tools, key)
            if not ok:
                raise SystemExit(f"[real-tools] the new environment does not work: {why}")
            log(f"skypilot {args.skypilot}, uv {args.uv}: installed in {seconds:.1f}s")
    if args.link:
        relink(args.link, tools)
        log(f"{args.link} -> {tools}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
