def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains("Extra 'gpu' is not defined in ${basedir.canonicalPath}/pyproject.toml")
assert log.contains('(declared: tpu)')
assert log.contains('-Dremote.extra=')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
