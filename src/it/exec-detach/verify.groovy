import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('Job 1 submitted to gpu-demo-12345 and left running. Follow it: sky logs gpu-demo-12345 1')
assert log.contains('Cancel it: sky cancel -y gpu-demo-12345 1')
def argv = new JsonSlurper().parseText(new File(basedir, '.fake-sky/calls.log').readLines('UTF-8')[0]).argv
assert argv.contains('--detach-run') && argv.indexOf('--detach-run') < argv.indexOf('--')
assert new File(basedir, 'target/custom/detached.log').getText('UTF-8').contains('Job submitted, ID: 1') : 'remote.logFile is honoured'
// The job goes on without the client and finishes on the cluster.
def job = new File(basedir, '.fake-sky/jobs/gpu-demo-12345/1/job.json')
long deadline = System.currentTimeMillis() + 30000
while (new JsonSlurper().parse(job).status != 'SUCCEEDED' && System.currentTimeMillis() < deadline) {
    Thread.sleep(200)
}
assert new JsonSlurper().parse(job).status == 'SUCCEEDED'
