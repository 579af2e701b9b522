def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('numNodes is 0')
assert log.contains('-Dremote.numNodes=1')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
