// One screen: the cluster as the cloud has it, its queue, and the job this workspace last submitted there.
import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
try {
    assert log.contains('BUILD SUCCESS')
    def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').collect { new JsonSlurper().parseText(it).argv }
    assert calls.contains(['status', '--refresh', 'gpu-demo-12345']) : calls
    assert calls.contains(['queue', 'gpu-demo-12345']) : calls
    assert !calls.any { it[0] == 'jobs' } : 'no managed jobs here: no sky jobs queue'
    assert log.contains('Clusters this workspace knows: gpu-demo-12345 (from .cluster_name_gpu)')
    assert log =~ /\[INFO\] gpu-demo-12345 +\S+ +1x\(gpus=H100:1.*\) +UP/ : 'the status table is shown'
    assert log.contains('Cluster gpu-demo-12345 is UP; this workspace last submitted job 1 (long_job.py) there at ')
    assert log =~ /\[INFO\] 1 +sky-cmd .* RUNNING/ : 'the job queue is shown'
    assert log.contains('What it costs: sky status shows no prices; sky cost-report estimates them per cluster.')
} finally {
    def job = new File(basedir, '.fake-sky/jobs/gpu-demo-12345/1/job.json')
    def pgid = new JsonSlurper().parse(job).pgid
    if (pgid) {
        ['kill', '-KILL', '--', '-' + pgid].execute().waitFor()
    }
}
