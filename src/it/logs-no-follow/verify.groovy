// -Dremote.follow=false prints the log so far; a job that still runs passes (sky logs --status says RUNNING).
import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
try {
    assert log.contains('BUILD SUCCESS')
    def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').collect { new JsonSlurper().parseText(it).argv }
    assert calls.contains(['logs', '--no-follow', '--tail', '0', 'gpu-demo-12345', '1']) : calls
    assert calls.contains(['logs', '--status', 'gpu-demo-12345', '1']) : calls
    assert log.contains('Job 1 on gpu-demo-12345 is RUNNING: that was its log so far.')
    assert !log.contains('the job was not cancelled')
} finally {
    def job = new File(basedir, '.fake-sky/jobs/gpu-demo-12345/1/job.json')
    def pgid = new JsonSlurper().parse(job).pgid
    if (pgid) {
        ['kill', '-KILL', '--', '-' + pgid].execute().waitFor()
    }
}
