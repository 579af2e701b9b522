// pytest as a managed job: the JUnit report comes back through the job's log, as for a cluster job.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('Results (managed job 1):')
assert log.contains('FAILED tests.test_math.test_fails')
assert log.contains('Tests run: 3, Failures: 1, Errors: 0, Skipped: 0')
assert log.contains('There are test failures (maven.test.failure.ignore is set)')
def report = new File(basedir, 'target/remote-reports/TEST-remote-pytest-gpu.xml')
def xml = new groovy.xml.XmlSlurper().parse(report)
assert xml.'**'.findAll { it.name() == 'testcase' }*.@name*.toString().sort() == ['test_add', 'test_cuda', 'test_fails']
def epilogue = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy'))
assert epilogue.noFrameShown(log)
