def log = new File(basedir, 'build.log').getText('UTF-8')
def lines = log.readLines()
assert log.contains('BUILD SUCCESS') : 'a warning does not stop the job'
def first = lines.findIndexOf { it.startsWith('[WARNING] The workdir sync would upload 300.0 MB (') }
assert first >= 0 : log
assert lines[first].contains(") from ${basedir.canonicalPath} to the cluster on every sky exec: over remote.syncWarnMb=256 (there is no .skyignore or .gitignore: all of it is sent).")
assert lines[first + 1] == '[WARNING]   Largest entries:'
// Maven 4 also keeps a temporary consumer POM in target/ while it builds (target/consumer-<n>.pom)
def targetFiles = (itMavenVersion as String).startsWith('4.') ? 3 : 2
assert lines[first + 2] == "[WARNING]     300.0 MB  target/  (${targetFiles} files)".toString()
def suggestion = lines.findIndexOf { it.startsWith('[WARNING]   Keep build output, environments and history out of the sync: create ') }
assert suggestion > first + 2
assert lines[suggestion].endsWith(new File(basedir.canonicalFile, '.skyignore').path + ' with')
assert lines[(suggestion + 1)..(suggestion + 4)] == ['[WARNING]     /target', '[WARNING]     /.venv', '[WARNING]     /.git', '[WARNING]     __pycache__']
// The guard runs before the sync: its warning precedes everything sky printed.
def submitted = lines.findIndexOf { it.contains('Job submitted, ID: 1') }
assert submitted > suggestion
assert log.contains('train.py ran')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }
assert calls.size() == 1 : "exactly one sky process, got ${calls}"
// The fake sky synced what the guard counted (same rules); drop the 300 MB copy it wrote.
def synced = new File(basedir, '.fake-sky/clusters/gpu-demo-12345/sky_workdir/target/app.bin')
assert synced.length() == 300L * 1024 * 1024
synced.delete()
