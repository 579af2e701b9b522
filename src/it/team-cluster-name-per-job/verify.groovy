// Under a team API server a new cluster's name carries the build's identity (Jenkins' BUILD_TAG), so agents sharing
// the server never pick the same name; the stamp beside the name file records the workspace, and down in that same
// workspace tears the cluster down.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').getText('UTF-8')
def launch = new File(basedir, '.fake-sky/calls.log').readLines().findAll { it.trim() }
        .collect { new JsonSlurper().parseText(it).argv }.find { it[0] == 'launch' }
def name = launch[launch.indexOf('--cluster') + 1]
assert name ==~ /gpu-matmul-ml-nightly-benchmarks-42-\d{5}/ : name
assert log.contains("Cluster ${name} is gone; removed")
def calls = new File(basedir, '.fake-sky/calls.log').readLines().findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv[0] }
assert calls.count('api') == 2 : 'one pre-flight per build: ' + calls
assert !new File(basedir, '.cluster_name_gpu').exists() && !new File(basedir, '.cluster_name_gpu.owner').exists()
true
