def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('idleMinutes is -5')
assert log.contains('-Dremote.idleMinutes=')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
