def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains("Invalid environment variable name 'MY-VAR' in <env>.")
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
