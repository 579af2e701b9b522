def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def expected = "sky exec gpu-demo-12345 --workdir ${basedir.canonicalPath} -- 'export CUDA_VISIBLE_DEVICES=0; uv run --group dev --extra gpu python train.py --name '\"'\"'a b'\"'\"' '\"'\"'\$x'\"'\"'"
// The command as it would run: the program, then the epilogue that reports its exit status (with a fresh token).
assert log =~ java.util.regex.Pattern.quote('Dry run (remote.dryRun), not running: ' + expected) + '; rmp_rc=\\$\\?; echo @@remote-maven-plugin:[0-9a-f]{32}:exit:\\$\\{rmp_rc\\}@@; exit \\$rmp_rc\''
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
