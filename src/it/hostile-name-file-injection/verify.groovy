def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('does not hold a cluster name')
assert log.contains('is not a valid SkyPilot cluster name')
assert log.contains('mvn remote:provision -Ddevice=gpu')
assert !new File(basedir, 'pwned-marker').exists() : 'the name file content must never reach a shell'
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
