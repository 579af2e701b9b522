// The fake preempts the job's first cluster after "step 1"; SkyPilot recovers it and the job runs again to its end.
import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').collect { new JsonSlurper().parseText(it).argv }
def launch = calls.find { it[0] == 'jobs' && it[1] == 'launch' }
assert launch.contains('--job-recovery') && launch[launch.indexOf('--job-recovery') + 1] == 'FAILOVER' : launch
assert log.contains('The job cluster is preempted or failed.')
assert log.contains('The managed job\'s cluster was preempted or failed (job 1): SkyPilot recovers it on a new cluster (RECOVERING) and the job starts again; still following it.')
assert log.contains('step 3')
assert log.contains('Managed job 1 (train.py) succeeded after 1 recovery from preemption.')
def job = new JsonSlurper().parse(new File(basedir, '.fake-sky/managed/jobs/1/job.json'))
assert job.status == 'SUCCEEDED' && job.recovery_count == 1
