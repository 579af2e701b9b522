// A detached job, then remote:logs in the same checkout: it follows the job exec recorded, to its end.
import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def record = new JsonSlurper().parse(new File(basedir, 'target/remote/jobs/clusters/gpu-demo-12345.json'))
assert record.jobs*.id == [1] && record.jobs[0].what == 'train.py' : "exec recorded the job it submitted: ${record}"
assert log.contains('Or, from this checkout (it recorded the job): mvn remote:logs -Ddevice=gpu')
assert log.contains('Job 1 (train.py) is the one this workspace last submitted to gpu-demo-12345')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').collect { new JsonSlurper().parseText(it).argv }
assert calls.contains(['logs', '--tail', '0', 'gpu-demo-12345', '1']) : calls
assert log.contains('training done')
assert log.contains('Job 1 on gpu-demo-12345 (train.py) succeeded.')
// The exit frame of the job's epilogue is read and not shown.
def epilogue = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy'))
assert epilogue.noFrameShown(log)
assert epilogue.noFrameShown(new File(basedir, 'target/remote/logs-default-cli.log').getText('UTF-8'))
