def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('2 failed, 2 passed')

// Failures are still reported, without failing the build.
assert log.contains('[ERROR]   FAILED tests.test_x.test_assertion_fails')
assert log.contains('[ERROR]   FAILED tests.test_x.test_raises')
assert log.contains('[ERROR] Tests run: 4, Failures: 2, Errors: 0, Skipped: 0')
assert log.contains('There are test failures (maven.test.failure.ignore is set)')
assert !log.contains('There are remote test failures on')

def report = new File(basedir, 'target/remote-reports/TEST-remote-pytest-gpu.xml')
assert report.isFile()
def cases = new groovy.xml.XmlSlurper().parse(report).'**'.findAll { it.name() == 'testcase' }
assert cases.size() == 4
assert cases.count { !it.failure.isEmpty() } == 2
true
