// A detached managed job, then the follow-up goals with -Dremote.managed: its log so far (it still runs: the build
// passes), cancelling it (the one this checkout recorded), and the managed job queue.
import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').collect { new JsonSlurper().parseText(it).argv }
assert calls.find { it[0] == 'jobs' && it[1] == 'launch' }.contains('--detach-run')
assert log.contains('Managed job 1 (long_job.py) submitted and left running; SkyPilot tears its cluster down when it ends.')
assert log.contains('Or, from this checkout (it recorded the job): mvn remote:logs -Dremote.managed')
assert !calls.contains(['jobs', 'logs', '--tail', '0', '1']) : 'a detached job is not followed by exec'
assert calls.contains(['jobs', 'logs', '--no-follow', '--tail', '0', '1']) : calls
assert log.contains('Managed job 1 (long_job.py) is the one this workspace last submitted, at ')
assert log.contains('Managed job 1 is still running: that was its log so far. Follow it: sky jobs logs 1')
assert calls.contains(['jobs', 'cancel', '--yes', '1']) : calls
assert log.contains('Cancelled managed job 1 (long_job.py, the one this workspace last submitted).')
assert calls.contains(['jobs', 'queue']) : calls
assert log.contains('This workspace last submitted managed job 1 (long_job.py) at ')
assert log =~ /\[INFO\] 1 +- +long-job-\d{5} .*CANCELLED/ : 'the managed job queue shows the job cancelled'
def job = new JsonSlurper().parse(new File(basedir, '.fake-sky/managed/jobs/1/job.json'))
assert job.status == 'CANCELLED'
def clusterJob = new JsonSlurper().parse(new File(basedir, ".fake-sky/jobs/${job.cluster}/1/job.json"))
Thread.sleep(300)
assert !ProcessHandle.of(clusterJob.pid as long).map { it.isAlive() }.orElse(false) : 'the job process is gone'
