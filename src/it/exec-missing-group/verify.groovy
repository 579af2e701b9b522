def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains("Dependency group 'lint' is not defined in ${basedir.canonicalPath}/pyproject.toml")
assert log.contains('(declared: dev)')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'

// The real uv refuses the command the plugin would have sent, with the same kind, name and table.
def realuv = evaluate(new File(basedir, '../../../src/it/_lib/realuv.groovy'))
def uv = realuv.run(basedir, ['run', '--group', 'dev', '--group', 'lint', '--extra', 'gpu', 'python', 'train.py'])
assert uv.exit == 2 : "real uv exit ${uv.exit}: ${uv.stderr}"
assert uv.stderr.contains("error: Group `lint` is not defined in the project's `dependency-groups` table") : uv.stderr
realuv.sameRefusal(log, uv.stderr)
true
