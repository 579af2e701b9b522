def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')

// pytest itself ran and failed two tests; its output is shown.
assert log.contains('2 failed, 2 passed')
assert log.contains('arithmetic is broken')
assert log.contains("KeyError: 'missing-key'")

// Surefire-style summary with the failed test names, at error level.
assert log.contains('[ERROR]   FAILED tests.test_x.test_assertion_fails')
assert log.contains('[ERROR]   FAILED tests.test_x.test_raises')
assert !log.contains('FAILED tests.test_x.test_passes')
assert !log.contains('FAILED tests.test_x.test_also_passes')
assert log.contains('[ERROR] Tests run: 4, Failures: 2, Errors: 0, Skipped: 0')
assert log.contains('There are remote test failures on gpu-demo-12345')
assert log.contains('failed: tests.test_x.test_assertion_fails, tests.test_x.test_raises')
assert log.contains('target/remote/pytest-default-cli.log')

// A failing suite brings its report back too.
def report = new File(basedir, 'target/remote-reports/TEST-remote-pytest-gpu.xml')
assert report.isFile()
def cases = new groovy.xml.XmlSlurper().parse(report).'**'.findAll { it.name() == 'testcase' }
assert cases.size() == 4
def failed = cases.findAll { !it.failure.isEmpty() }
assert failed*.@name*.toString().sort() == ['test_assertion_fails', 'test_raises']
assert failed.find { it.@name == 'test_raises' }.failure.@message.toString().contains('KeyError')
assert cases.every { it.error.isEmpty() }

assert !log.contains('PD94bWwg')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }
assert calls.size() == 1 : "exactly one sky process, got ${calls}"
true
