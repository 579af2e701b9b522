// A detached job, then remote:cancel: it cancels the job exec recorded, and says so.
import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').collect { new JsonSlurper().parseText(it).argv }
assert calls.contains(['cancel', '--yes', 'gpu-demo-12345', '1']) : calls
assert log.contains('Cancelled job 1 (long_job.py, the one this workspace last submitted there) on gpu-demo-12345.')
def job = new JsonSlurper().parse(new File(basedir, '.fake-sky/jobs/gpu-demo-12345/1/job.json'))
assert job.status == 'CANCELLED'
Thread.sleep(300)
assert !ProcessHandle.of(job.pid as long).map { it.isAlive() }.orElse(false) : 'the job process is gone'
