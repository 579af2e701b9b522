import groovy.json.JsonSlurper
def nested = evaluate(new File(basedir, '../../../src/it/_lib/nested-maven.groovy'))
def p = nested.start(basedir, ['remote:exec', '-Ddevice=gpu', '-Dscript=long_job.py'])
nested.waitFor(basedir, 'tick 5', 60)
nested.signal(p, 'TERM')
int exit = nested.finish(p, 60)
def log = new File(basedir, 'nested.log').getText('UTF-8')
assert exit != 0 : 'an interrupted build exits non-zero'
assert log.contains('Build interrupted: the remote job was cancelled')
def calls = nested.calls(basedir)
def exec = calls.find { it.argv[0] == 'exec' }
assert calls.find { it.argv == ['cancel', '--yes', 'gpu-demo-12345', '1'] } : "sky cancel -y <cluster> <jobId> ran: ${calls*.argv}"
assert !nested.alive(exec.pid as long) : 'the local sky exec process was killed'
def job = new JsonSlurper().parse(new File(basedir, '.fake-sky/jobs/gpu-demo-12345/1/job.json'))
assert job.status == 'CANCELLED' : "the remote job really stopped: ${job.status}"
Thread.sleep(300)
assert !nested.alive(job.pid as long) : 'the detached job process is gone'
assert !new File(basedir, '.fake-sky/jobs/gpu-demo-12345/1/run.log').getText('UTF-8').contains('the job was not cancelled')
