def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('collected 0 items')
assert log.contains('pytest collected no tests in tests on gpu-demo-12345.')
assert log.contains('-Dremote.failIfNoTests=false')
assert !log.contains('There are remote test failures')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }
assert calls.size() == 1 : "exactly one sky process, got ${calls}"
true
