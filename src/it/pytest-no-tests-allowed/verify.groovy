def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('collected 0 items')
assert log.contains('[WARNING] pytest collected no tests in tests (remote.failIfNoTests is false).')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }
assert calls.size() == 1 : "exactly one sky process, got ${calls}"
true
