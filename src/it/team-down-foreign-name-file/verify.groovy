// A name file written in another workspace (another agent's stamp beside it) names a cluster another build may
// still use on a team API server: remote:down refuses before any sky process, and tears it down with
// -Dremote.force.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').getText('UTF-8')
def file = new File(basedir, '.cluster_name_gpu').canonicalFile
assert log.contains(".cluster_name_gpu names cluster gpu-demo-12345, but it was written in another workspace (host"
        + " agent-7, directory /home/jenkins/workspace/ml-nightly (jenkins-ml-nightly-118), 2026-05-04T02:10:44Z):"
        + " another build may still use that cluster (on a team API server every agent sees it). Not tearing it down.")
assert log.contains('If the cluster is this build\'s to remove:  mvn remote:down -Ddevice=gpu -Dremote.force')
assert log.contains("If the file was copied here by mistake:  rm ${file} ${file}.owner")
assert log.contains('tearing it down anyway (remote.force).')
assert log.contains('Cluster gpu-demo-12345 is gone; removed')
def calls = new File(basedir, '.fake-sky/calls.log').readLines().findAll { it.trim() }.collect { new JsonSlurper().parseText(it) }
assert calls*.argv*.getAt(0) == ['down', 'status'] : 'the refused down ran no sky process: ' + calls*.argv
assert !file.exists() && !new File(basedir, '.cluster_name_gpu.owner').exists()
true
