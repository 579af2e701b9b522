#!/usr/bin/env python3
"""Benchmark of remote:exec against the two things users would type instead (issue 6).

Started by `./mvnw -B -ntp -Pbench verify` (which builds the plugin, installs it into target/local-repo and runs
this script); see bench/README.md. Standard library only. Writes target/bench/report.md and results.json.

Side by side, in one run, against a fake `sky` (bench/fake-sky/sky) whose job writes N lines of 100 bytes at full
speed:
  direct     the `sky exec` argv run directly, output to a file (what a shell does)
  exec:exec  `mvn -B exec:exec` running that argv (exec-maven-plugin)
  remote     `mvn -B remote:exec` (this plugin), which composes the same argv
Each: median wall time, peak RSS (the largest process of the tree, i.e. Maven's JVM; read with wait4(2), so no
/usr/bin/time is needed) and CPU time, of --runs runs, variants interleaved. Then the fixed overhead (the fake exits
at once; goal minus `mvn -B validate`), the line latency (a line every 100 ms for 5 s: delay from the job's write to
the line's arrival on the build's stdout), and the sync-size guard's time on a workdir of 100,000 small files.
"""
import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
FAKE_BIN = BENCH_DIR / "fake-sky"
CLUSTER = "gpu-bench-12345"
# The plugin wraps the script in its epilogue (the exit frame, with a random token per run); direct and exec:exec
# run the same command with a fixed token, and the argv check compares them with the token blanked.
TOKEN = "0" * 32
REMOTE_COMMAND = ("export CUDA_VISIBLE_DEVICES=0; uv run --group dev --extra gpu python train.py; rmp_rc=$?; "
                  f"echo @@remote-maven-plugin:{TOKEN}:exit:${{rmp_rc}}@@; exit $rmp_rc")
VARIANTS = ("direct", "exec:exec", "remote:exec")
BASELINE = "remote:exec (baseline)"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mvn", help="the mvn to measure (default: $MAVEN_HOME/bin/mvn, else mvn on the PATH)")
    ap.add_argument("--mvn4", help="a second mvn (Maven 4) measured the same way after the first; -Pbench passes "
                                   "the Maven 4 the ITs use")
    ap.add_argument("--repo", default=str(ROOT / "target" / "local-repo"),
                    help="local repository holding the plugin (default: target/local-repo, where -Pbench installs)")
    ap.add_argument("--user-repo", default=str(Path.home() / ".m2" / "repository"),
                    help="repository to copy other artifacts from (file://), as the ITs do")
    ap.add_argument("--plugin-version", default=None, help="default: read from pom.xml")
    ap.add_argument("--exec-plugin-version", default="3.7.0")
    ap.add_argument("--out", default=str(ROOT / "target" / "bench"))
    ap.add_argument("--lines", default="10000,100000,1000000", help="comma-separated N")
    ap.add_argument("--runs", type=int, default=5, help="runs per variant and N (median reported)")
    ap.add_argument("--overhead-runs", type=int, default=9)
    ap.add_argument("--latency-runs", type=int, default=3, help="5-second runs per variant (50 lines each)")
    ap.add_argument("--sync-files", type=int, default=100_000)
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: lines,overhead,latency,sync")
    ap.add_argument("--label", default="", help="a note printed in the report")
    ap.add_argument("--render", metavar="RESULTS_JSON", help="only write report.md again from a results.json")
    ap.add_argument("--baseline-repo", default=None,
                    help="a local repository holding another build of the plugin (same version), measured side by "
                         "side as 'remote:exec (baseline)': before/after numbers from one run")
    # Options given through the bench profile (-Dbench.args="...") arrive in BENCH_ARGS.
    args = ap.parse_args(sys.argv[1:] + shlex.split(os.environ.get("BENCH_ARGS", "")))

    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    if args.render:
        report = render(json.loads(Path(args.render).read_text(encoding="utf-8")))
        (out / "report.md").write_text(report, encoding="utf-8")
        print(report)
        return
    logs = out / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir()
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    mvn = args.mvn or find_mvn()
    if not mvn:
        sys.exit("bench: no mvn found; pass --mvn or set MAVEN_HOME")
    plugin_version = args.plugin_version or read_project_version()
    if not (Path(args.repo) / "io" / "github" / "skyremote" / "remote-maven-plugin" / plugin_version).is_dir():
        sys.exit(f"bench: remote-maven-plugin {plugin_version} is not in {args.repo}; run ./mvnw -B -Pbench verify")

    results = {"machine": machine(mvn), "label": args.label, "runs": args.runs, "variants": list(VARIANTS),
               "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "mavens": []}
    results["load_before"] = load()
    t0 = time.monotonic()
    for one in [mvn] + ([args.mvn4] if args.mvn4 else []):
        b = Bench(out, logs, one, Path(args.repo).resolve(), Path(args.user_repo).resolve(), plugin_version,
                  args.exec_plugin_version, Path(args.baseline_repo).resolve() if args.baseline_repo else None)
        part = {"maven": maven_version(one), "variants": list(b.variants)}
        print(f"bench: == {part['maven']} ({one})", flush=True)
        b.warm_up()
        if "lines" not in skip:
            part["lines"] = b.lines([int(n) for n in args.lines.split(",")], args.runs)
        if "overhead" not in skip:
            part["overhead"] = b.overhead(args.overhead_runs)
        if "latency" not in skip:
            part["latency"] = b.latency(args.latency_runs)
        results["mavens"].append(part)
    if "sync" not in skip:
        results["sync"] = b.sync_guard(args.sync_files)
    results["total_seconds"] = round(time.monotonic() - t0, 1)
    results["load_after"] = load()
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report = render(results)
    (out / "report.md").write_text(report, encoding="utf-8")
    print(report)
    print(f"bench: wrote {out / 'report.md'} and {out / 'results.json'} in {results['total_seconds']} s")


def load():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def find_mvn():
    """$MAVEN_HOME's mvn, else the Maven the wrapper (./mvnw) downloaded, else mvn on the PATH."""
    if os.environ.get("MAVEN_HOME"):
        return str(Path(os.environ["MAVEN_HOME"]) / "bin" / "mvn")
    props = ROOT / ".mvn" / "wrapper" / "maven-wrapper.properties"
    m = re.search(r"apache-maven-([^/]+)-bin\.zip", props.read_text(encoding="utf-8")) if props.is_file() else None
    if m:
        found = sorted((Path.home() / ".m2" / "wrapper" / "dists" / f"apache-maven-{m.group(1)}").glob("*/bin/mvn"))
        if found:
            return str(found[0])
    return shutil.which("mvn")


def read_project_version():
    pom = (ROOT / "pom.xml").read_text(encoding="utf-8")
    pom = re.sub(r"<parent>.*?</parent>", "", pom, flags=re.S)
    return re.search(r"<artifactId>remote-maven-plugin</artifactId>\s*<version>([^<]+)</version>", pom).group(1)


def maven_version(mvn):
    """"Maven 3.9.16" from `mvn -v`'s first line ("Apache Maven 3.9.16 (...)")."""
    try:
        r = subprocess.run([mvn, "-v"], capture_output=True, text=True, timeout=60)
        m = re.search(r"Apache Maven (\S+)", r.stdout + r.stderr)
        return f"Maven {m.group(1)}" if m else "Maven (unknown version)"
    except OSError:
        return "Maven (unknown version)"


def machine(mvn):
    def first(cmd):
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            return (r.stdout + r.stderr).strip()
        except OSError as e:
            return str(e)

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    mvn_version = first([mvn, "-v"])
    return {
        "cpu": cpu, "cpus": os.cpu_count(), "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "distro": first(["sh", "-c", ". /etc/os-release 2>/dev/null && echo $PRETTY_NAME"]),
        "java": first(["java", "-version"]).splitlines()[0] if first(["java", "-version"]) else "unknown",
        "maven": mvn_version.splitlines()[0] if mvn_version else "unknown",
        "python": platform.python_version(),
        "maven_opts": os.environ.get("MAVEN_OPTS", ""),
    }


class Bench:
    def __init__(self, out, logs, mvn, repo, user_repo, plugin_version, exec_version, baseline_repo=None):
        self.out, self.logs, self.mvn = out, logs, mvn
        self.repo = repo
        self.baseline_repo = baseline_repo
        self.variants = VARIANTS + ((BASELINE,) if baseline_repo else ())
        self.project = out / "project"
        shutil.rmtree(self.project, ignore_errors=True)
        shutil.copytree(BENCH_DIR / "project", self.project)
        self.workdir = os.path.realpath(self.project)  # the plugin passes the workdir's real path
        pom = (self.project / "pom.xml").read_text(encoding="utf-8")
        pom = (pom.replace("@pluginVersion@", plugin_version).replace("@execPluginVersion@", exec_version)
               .replace("@workdir@", xml_escape(self.workdir)))
        (self.project / "pom.xml").write_text(pom, encoding="utf-8")
        (self.project / ".cluster_name_gpu").write_text(CLUSTER + "\n", encoding="utf-8")
        self.settings = out / "settings.xml"
        self.settings.write_text(SETTINGS.replace("@userRepo@", user_repo.as_uri()), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MAVEN_", "BENCH_", "FAKE_SKY"))}
        env["PATH"] = str(FAKE_BIN) + os.pathsep + env.get("PATH", "")
        self.env = env
        self.offline = False

    # -- running -------------------------------------------------------------------------------------------------
    def argv(self, variant):
        if variant == "direct":
            return [str(FAKE_BIN / "sky"), "exec", CLUSTER, "--workdir", self.workdir, "--", REMOTE_COMMAND]
        goal = {"exec:exec": "exec:exec", "remote:exec": "remote:exec", BASELINE: "remote:exec",
                "validate": "validate"}[variant]
        repo = self.baseline_repo if variant == BASELINE else self.repo
        return [self.mvn, "-B", *(["-o"] if self.offline else []), "-s", str(self.settings),
                f"-Dmaven.repo.local={repo}", goal]

    def run(self, variant, extra_env, log_name):
        env = dict(self.env, **extra_env)
        log = self.logs / log_name
        with open(log, "wb") as f:
            start = time.perf_counter()
            p = subprocess.Popen(self.argv(variant), cwd=self.project, env=env, stdin=subprocess.DEVNULL,
                                 stdout=f, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(p.pid, 0)
            wall = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            sys.exit(f"bench: {variant} exited {p.returncode}; see {log}")
        return {"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime, "log": log}

    def check_log(self, variant, log, lines):
        # Streamed in chunks: this process must stay small. A child's peak RSS as wait4(2) reports it starts from
        # this process's own peak at fork time (Linux keeps the high-water mark across exec), so reading a 100 MB
        # log at once here would show up as every later child's "peak RSS".
        marker, done = b"bench-line ", b"BUILD SUCCESS"
        got, success, tail, done_tail = 0, False, b"", b""
        with open(log, "rb") as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                data = tail + chunk  # the tail is shorter than a marker: nothing in it was counted whole
                got += data.count(marker)
                tail = data[-(len(marker) - 1):]
                success = success or done in done_tail + chunk
                done_tail = chunk[-(len(done) - 1):]
        if got != lines:
            sys.exit(f"bench: {variant} showed {got} of {lines} job lines; see {log}")
        if variant != "direct" and not success:
            sys.exit(f"bench: {variant} did not end in BUILD SUCCESS; see {log}")

    def warm_up(self):
        """One run of each variant (online, so that Maven resolves both plugins), checking that all of them start the
        same sky argv, and that remote:exec starts exactly one sky process."""
        print("bench: warm-up", flush=True)
        for variant in ("validate",) + self.variants:
            calls = self.out / f"calls-{slug(variant)}.jsonl"
            calls.unlink(missing_ok=True)
            r = self.run(variant, {"BENCH_MODE": "lines", "BENCH_LINES": "1000", "BENCH_CALLS": str(calls)},
                         f"warmup-{slug(variant)}.log")
            if variant == "validate":
                continue
            self.check_log(variant, r["log"], 1000)
            argvs = [[re.sub(r"remote-maven-plugin:[0-9a-f]{32}:", f"remote-maven-plugin:{TOKEN}:", a) for a in json.loads(line)]
                     for line in calls.read_text(encoding="utf-8").splitlines() if line.strip()]
            expected = ["exec", CLUSTER, "--workdir", self.workdir, "--", REMOTE_COMMAND]
            if argvs != [expected]:
                sys.exit(f"bench: {variant} started {argvs}, expected exactly one sky process with {expected}")
        self.offline = True

    def lines(self, counts, runs):
        results = {}
        for n in counts:
            print(f"bench: {n} lines x {runs} runs", flush=True)
            vs = self.variants
            samples = {v: [] for v in vs}
            for r in range(runs):
                order = vs[r % len(vs):] + vs[:r % len(vs)]  # rotate, so no variant always runs first
                for variant in order:
                    name = f"lines-{n}-{slug(variant)}-{r}.log"
                    s = self.run(variant, {"BENCH_MODE": "lines", "BENCH_LINES": str(n)}, name)
                    self.check_log(variant, s["log"], n)
                    s["log"].unlink()  # up to 100 MB each
                    del s["log"]
                    samples[variant].append(s)
            results[str(n)] = {v: summarize(samples[v]) for v in vs}
            for v in vs:
                m = results[str(n)][v]
                print(f"bench:   {v:22s} wall {m['wall']:.2f} s  rss {m['rss_mb']:.0f} MB  cpu {m['cpu']:.2f} s",
                      flush=True)
        return results

    def overhead(self, runs):
        print(f"bench: fixed overhead x {runs} runs", flush=True)
        variants = ("validate",) + self.variants[1:]
        samples = {v: [] for v in variants}
        for r in range(runs):
            for variant in variants[r % len(variants):] + variants[:r % len(variants)]:
                s = self.run(variant, {"BENCH_MODE": "exit"}, f"overhead-{slug(variant)}-{r}.log")
                del s["log"]
                samples[variant].append(s)
        res = {v: summarize(samples[v]) for v in variants}
        for v in variants[1:]:
            res[v]["overhead"] = res[v]["wall"] - res["validate"]["wall"]
            # the median of paired differences is steadier than a difference of medians
            res[v]["overhead_paired"] = statistics.median(
                a["wall"] - b["wall"] for a, b in zip(samples[v], samples["validate"]))
        for v in variants:
            print(f"bench:   {v:22s} wall {res[v]['wall']:.3f} s  rss {res[v]['rss_mb']:.0f} MB", flush=True)
        return res

    def latency(self, runs):
        print(f"bench: line latency x {runs} runs", flush=True)
        res = {}
        for variant in self.variants:
            delays = []
            for r in range(runs):
                delays += self.latency_run(variant, r)
            delays.sort()
            res[variant] = {"samples": len(delays), "p50_ms": percentile(delays, 50), "p99_ms": percentile(delays, 99),
                            "max_ms": delays[-1]}
            print(f"bench:   {variant:22s} p50 {res[variant]['p50_ms']:.1f} ms  p99 {res[variant]['p99_ms']:.1f} ms",
                  flush=True)
        return res

    def latency_run(self, variant, r):
        env = dict(self.env, BENCH_MODE="ticks", BENCH_TICK_MS="100", BENCH_TICK_S="5")
        p = subprocess.Popen(self.argv(variant), cwd=self.project, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        delays, pending, raw = [], b"", []
        fd = p.stdout.fileno()
        while True:
            chunk = os.read(fd, 65536)
            now = time.time_ns()
            if not chunk:
                break
            raw.append(chunk)
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for line in complete:
                m = re.search(rb"bench-tick (\d+)", line)
                if m:
                    delays.append((now - int(m.group(1))) / 1e6)
        p.wait()
        (self.logs / f"latency-{slug(variant)}-{r}.log").write_bytes(b"".join(raw))
        if p.returncode != 0 or len(delays) != 50:
            sys.exit(f"bench: latency run of {variant} exited {p.returncode} with {len(delays)} of 50 ticks")
        return delays

    def sync_guard(self, files):
        """Times SyncSizeGuard on a workdir of `files` small files (100 per directory), in a fresh JVM: the first
        call (class loading and a cold JIT, as in a build) and the median of 5 later ones."""
        classes = ROOT / "target" / "classes"
        if not (classes / "io" / "github" / "skyremote" / "core" / "sync" / "SyncSizeGuard.class").is_file():
            print("bench: no SyncSizeGuard class; skipping the sync-guard timing", flush=True)
            return None
        tree = self.out / f"sync-{files}"
        marker = tree / ".complete"
        if not marker.is_file():
            print(f"bench: creating {files} files in {tree}", flush=True)
            shutil.rmtree(tree, ignore_errors=True)
            payload = b"x" * 100
            for i in range(files):
                d = tree / "src" / f"pkg{i // 100:04d}"
                if i % 100 == 0:
                    d.mkdir(parents=True)
                (d / f"mod{i % 100:02d}.py").write_bytes(payload)
            (tree / ".gitignore").write_text("/target\n__pycache__/\n*.pyc\n/.venv\n", encoding="utf-8")
            marker.write_text("", encoding="utf-8")
        r = subprocess.run(["java", "-cp", str(classes), str(BENCH_DIR / "SyncGuardBench.java"), str(tree)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("bench: SyncGuardBench failed:\n" + r.stdout + r.stderr)
        res = json.loads(r.stdout.strip().splitlines()[-1])
        res["files"] = files
        print(f"bench:   sync guard on {files} files: first {res['first_ms']:.0f} ms, "
              f"then {res['warm_median_ms']:.0f} ms", flush=True)
        return res


SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by bench/bench.py: artifacts not yet in the benchmark's local repository are copied from the user's. -->
<settings>
  <profiles>
    <profile>
      <id>bench-repo</id>
      <activation><activeByDefault>true</activeByDefault></activation>
      <repositories>
        <repository><id>local.central</id><url>@userRepo@</url></repository>
      </repositories>
      <pluginRepositories>
        <pluginRepository><id>local.central</id><url>@userRepo@</url></pluginRepository>
      </pluginRepositories>
    </profile>
  </profiles>
</settings>
"""


def slug(variant):
    return re.sub(r"[^A-Za-z0-9]+", "-", variant).strip("-")


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def summarize(samples):
    return {k: statistics.median(s[k] for s in samples) for k in ("wall", "rss_mb", "cpu")} | {
        "walls": [round(s["wall"], 3) for s in samples], "rss_mbs": [round(s["rss_mb"]) for s in samples]}


def percentile(sorted_values, p):
    """Nearest-rank percentile."""
    k = max(0, min(len(sorted_values) - 1, -(-p * len(sorted_values) // 100) - 1))
    return sorted_values[int(k)]


def verdict(ok):
    return "—" if ok is None else "**met**" if ok else "**not met**"


def render(res):
    m = res["machine"]
    out = ["# remote-maven-plugin benchmark", ""]
    if res.get("label"):
        out += [f"Run: {res['label']}", ""]
    mavens = res.get("mavens") or [{"maven": m["maven"], **{k: res[k] for k in ("lines", "overhead", "latency")
                                                             if k in res}}]
    out += [f"Started {res['started']}, took {res['total_seconds']} s. Medians of {res['runs']} runs, variants "
            "interleaved and rotated.", "",
            f"Machine: {m['cpu']}, {m['cpus']} CPUs, {m['memory']} RAM; {m['distro'] or m['os']} ({m['os']}); "
            f"{m['java']}; {', '.join(p['maven'] for p in mavens)}; Python {m['python']}; MAVEN_OPTS of the measured "
            "builds: none (JVM defaults). Load average (1, 5, 15 min) before: "
            f"{res.get('load_before')}, after: {res.get('load_after')}.", ""]
    targets = []
    for part in mavens:
        out += render_maven(part, targets)
    sync = res.get("sync")
    if sync:
        out += ["## Sync-size guard", "",
                f"SyncSizeGuard on a workdir of {sync['files']:,} files of 100 bytes (100 per directory, a "
                f".gitignore), page cache warm: first call in a fresh JVM {sync['first_ms']:.0f} ms, later calls "
                f"{sync['warm_median_ms']:.0f} ms (median of {sync['warm_runs']}). It counted {sync['counted_files']:,} "
                f"files, {sync['total_bytes']:,} bytes.", ""]
    if targets:
        out += ["## Targets (issue 15: the default output path)", "", "| Maven | target | measured | |",
                "|---|---|---|---|"]
        out += [f"| {mv} | {t} | {m_} | {verdict(ok)} |" for mv, t, m_, ok in targets]
        out.append("")
    return "\n".join(out) + "\n"


def render_maven(part, targets):
    """One Maven's tables, in the layout of docs/performance.md; appends its targets."""
    mv = part["maven"]
    variants = part.get("variants", list(VARIANTS))
    out = [f"## {mv}", ""]
    lines = part.get("lines")
    if lines:
        out += [f"### Throughput: a job writing N lines of 100 bytes at full speed ({mv})", "",
                "| N lines | | " + " | ".join(f"`{v}`" for v in variants) + " | remote:exec / exec:exec |",
                "|---:|---|" + "---:|" * (len(variants) + 1)]
        for n, r in lines.items():
            for i, (title, key, fmt) in enumerate((("wall", "wall", "{:.2f} s"), ("peak RSS", "rss_mb", "{:.0f} MB"),
                                                   ("CPU", "cpu", "{:.2f} s"))):
                cells = [fmt.format(r[v][key]) for v in variants]
                ratio = r["remote:exec"][key] / r["exec:exec"][key]
                first = f"{int(n):,}" if i == 0 else ""
                out.append(f"| {first} | {title} | " + " | ".join(cells) + f" | {ratio:.2f}× |")
        out += ["", "All runs (wall s / RSS MB):", ""]
        for n, r in lines.items():
            for v in variants:
                out.append(f"- {int(n):,} {v}: {r[v]['walls']} / {r[v]['rss_mbs']}")
        out.append("")
        big, small = lines.get("1000000"), lines.get("10000")
        if big:
            e, p = big["exec:exec"], big["remote:exec"]
            targets.append((mv, "10⁶ lines: wall ≤ 1.1 × exec:exec",
                            f"{p['wall']:.2f} s vs 1.1 × {e['wall']:.2f} = {1.1 * e['wall']:.2f} s "
                            f"({p['wall'] / e['wall']:.2f}×)", p["wall"] <= 1.1 * e["wall"]))
            targets.append((mv, "10⁶ lines: CPU time (user + sys) against exec:exec, to read wall times taken under load",
                            f"{p['cpu']:.2f} s vs {e['cpu']:.2f} s ({p['cpu'] / e['cpu']:.2f}×)", None))
            targets.append((mv, "10⁶ lines: peak RSS ≤ exec:exec + 10 %",
                            f"{p['rss_mb']:.0f} MB vs 1.1 × {e['rss_mb']:.0f} = {1.1 * e['rss_mb']:.0f} MB",
                            p["rss_mb"] <= 1.1 * e["rss_mb"]))
        if big and small:
            a, z = small["remote:exec"]["rss_mb"], big["remote:exec"]["rss_mb"]
            targets.append((mv, "peak RSS flat: 10⁶ lines ≤ 10⁴ lines + 10 %",
                            f"{z:.0f} MB vs {a:.0f} MB ({(z / a - 1) * 100:+.1f} %)", z <= 1.1 * a))
    ov = part.get("overhead")
    if ov:
        out += [f"### Fixed overhead: the fake sky exits at once ({mv})", "",
                "| run | median wall | over `mvn -B validate` | median of paired differences | peak RSS |",
                "|---|---:|---:|---:|---:|"]
        for v, r in ov.items():
            o1 = f"{r['overhead'] * 1000:.0f} ms" if "overhead" in r else "—"
            o2 = f"{r['overhead_paired'] * 1000:.0f} ms" if "overhead_paired" in r else "—"
            out.append(f"| `mvn -B {v}` | {r['wall']:.3f} s | {o1} | {o2} | {r['rss_mb']:.0f} MB |")
        out.append("")
        pe, pp = ov["exec:exec"]["overhead_paired"], ov["remote:exec"]["overhead_paired"]
        targets.append((mv, "fixed overhead ≤ exec:exec's + 100 ms (medians of paired differences)",
                        f"{pp * 1000:.0f} ms vs {pe * 1000:.0f} + 100 = {pe * 1000 + 100:.0f} ms", pp <= pe + 0.1))
    lat = part.get("latency")
    if lat:
        out += [f"### Line latency: a line every 100 ms for 5 s ({mv})", "",
                "Delay from the job's write to the line's arrival on the build's stdout (a pipe).", "",
                "| run | lines | p50 | p99 | max |", "|---|---:|---:|---:|---:|"]
        for v, r in lat.items():
            out.append(f"| `{v}` | {r['samples']} | {r['p50_ms']:.1f} ms | {r['p99_ms']:.1f} ms | "
                       f"{r['max_ms']:.1f} ms |")
        out.append("")
        p99 = lat["remote:exec"]["p99_ms"]
        targets.append((mv, "line latency p99 ≤ 100 ms", f"{p99:.1f} ms", p99 <= 100))
    return out


if __name__ == "__main__":
    main()
