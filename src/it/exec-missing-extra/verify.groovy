def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains("Extra 'gpu' is not defined in ${basedir.canonicalPath}/pyproject.toml")
assert log.contains('(declared: tpu)')
assert log.contains('-Dremote.extra=')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'

// The real uv would have refused the same command, and the pre-flight says what it says.
def realuv = evaluate(new File(basedir, '../../../src/it/_lib/realuv.groovy'))
def uv = realuv.run(basedir, ['run', '--extra', 'gpu', 'python', 'train.py'])
assert uv.exit == 2 : "real uv exit ${uv.exit}: ${uv.stderr}"
assert uv.stderr.contains('error: Extra `gpu` is not defined in the `optional-dependencies` table for `demo`') : uv.stderr
realuv.sameRefusal(log, uv.stderr)
true
