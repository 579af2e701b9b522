import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('Remote job 1 on gpu-demo-12345 (long_job.py) did not finish within the timeout (remote.timeout)')
assert log.contains('the remote job was cancelled')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it) }
assert calls*.argv.contains(['cancel', '--yes', 'gpu-demo-12345', '1'])
assert !ProcessHandle.of(calls[0].pid as long).map { it.isAlive() }.orElse(false) : 'sky exec was killed'
def job = new JsonSlurper().parse(new File(basedir, '.fake-sky/jobs/gpu-demo-12345/1/job.json'))
assert job.status == 'CANCELLED'
// The timed-out sky exec started the API server as its child, in a new session: it must survive the kill.
def checks = evaluate(new File(basedir, '../../../src/it/_lib/checks.groovy'))
checks.apiServerSurvived(basedir, calls[0].pid as long)
