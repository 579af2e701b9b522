import groovy.json.JsonSlurper

// sky said SUCCEEDED (exit 0) although pytest exited 1: pytest's own exit status, printed by the job, is mapped.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('2 failed, 2 passed')
assert log.contains('Job finished (status: SUCCEEDED).') : 'the fake lied, as SkyPilot #8928 does'
assert !log.contains('failed with return code list')
assert log.contains('[ERROR] Tests run: 4, Failures: 2, Errors: 0, Skipped: 0')
assert log.contains('There are remote test failures on gpu-demo-12345')
def job = new JsonSlurper().parse(new File(basedir, '.fake-sky/jobs/gpu-demo-12345/1/job.json'))
assert job.status == 'SUCCEEDED' && job.returncode == 1

def report = new File(basedir, 'target/remote-reports/TEST-remote-pytest-gpu.xml')
assert report.isFile()
def epilogue = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy'))
epilogue.noFrameShown(log)
epilogue.noFrameShown(new File(basedir, 'target/remote/pytest-default-cli.log').getText('UTF-8'))
true
