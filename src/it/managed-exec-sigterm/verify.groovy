// A Jenkins abort (SIGTERM to Maven) while a managed job runs: the job is cancelled with sky jobs cancel.
import groovy.json.JsonSlurper
def nested = evaluate(new File(basedir, '../../../src/it/_lib/nested-maven.groovy'))
def p = nested.start(basedir, ['remote:exec', '-Ddevice=gpu', '-Daccelerator=H100:1', '-Dremote.managed',
                               '-Dscript=long_job.py'])
nested.waitFor(basedir, 'tick 5', 90)
nested.signal(p, 'TERM', false)
int exit = nested.finish(p, 90)
def log = new File(basedir, 'nested.log').getText('UTF-8')
assert exit != 0 : 'an interrupted build exits non-zero'
def calls = nested.calls(basedir)
assert calls.find { it.argv == ['jobs', 'cancel', '--yes', '1'] } : "sky jobs cancel -y <id> ran: ${calls*.argv}"
assert log.contains('Build interrupted: ran `')
def job = new JsonSlurper().parse(new File(basedir, '.fake-sky/managed/jobs/1/job.json'))
assert job.status == 'CANCELLED' : "the fake shows the managed job cancelled: ${job.status}"
def clusterJob = new JsonSlurper().parse(new File(basedir, ".fake-sky/jobs/${job.cluster}/1/job.json"))
Thread.sleep(300)
assert !nested.alive(clusterJob.pid as long) : 'the job process is gone'
assert !new File(basedir, ".fake-sky/jobs/${job.cluster}/1/run.log").getText('UTF-8').contains('the job was not cancelled')
