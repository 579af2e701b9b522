def log = new File(basedir, 'build.log').getText('UTF-8')
def lines = log.readLines()
assert log.contains('BUILD SUCCESS')
// The guard runs in a dry run too (it starts no process), honouring .gitignore: target/ is not counted.
def first = lines.findIndexOf { it.startsWith('[WARNING] The workdir sync would upload 280.0 MB (') }
assert first >= 0 : log
assert lines[first].endsWith('over remote.syncWarnMb=256 (counted after .gitignore).')
assert lines[first + 2] == '[WARNING]     280.0 MB  .venv/  (1 file)'
assert !log.contains('target/  (')
assert log.contains('Dry run (remote.dryRun), not running: sky exec gpu-demo-12345')
assert lines.findIndexOf { it.contains('Dry run (remote.dryRun)') } > first
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
