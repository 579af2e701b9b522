// A collection error makes pytest stop before running anything (exit code 2, "Interrupted: 1 error during
// collection"). It still writes a report, which comes back; the build fails even with maven.test.failure.ignore,
// which covers test failures only.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains("ModuleNotFoundError: No module named 'no_such_module_for_the_it'")
assert log.contains('Interrupted: 1 error during collection')
assert log.contains('[ERROR]   FAILED tests.test_broken')
assert log.contains('[ERROR] Tests run: 1, Failures: 0, Errors: 1, Skipped: 0')
assert log.contains('pytest was interrupted on gpu-demo-12345 (exit code 2).')
assert !log.contains('uv failed before pytest started')
assert !log.contains('There are test failures (maven.test.failure.ignore is set)')

def report = new File(basedir, 'target/remote-reports/TEST-remote-pytest-gpu.xml')
def cases = new groovy.xml.XmlSlurper().parse(report).'**'.findAll { it.name() == 'testcase' }
assert cases.size() == 1
assert cases[0].error.@message.toString() == 'collection failure'
true
