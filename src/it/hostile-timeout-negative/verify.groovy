def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('timeout is -1')
assert log.contains('-Dremote.timeout=')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
