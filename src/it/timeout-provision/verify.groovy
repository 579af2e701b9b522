import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log =~ /Launching gpu-slow-\d{5} did not finish within remote.timeout \(3 s for the whole goal\): the cluster was torn down/
assert !new File(basedir, '.cluster_name_gpu').exists() : 'no name file for a launch that did not finish'
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it) }
def name = calls[0].argv[3]
assert calls*.argv.contains(['down', '--yes', name])
assert !ProcessHandle.of(calls[0].pid as long).map { it.isAlive() }.orElse(false) : 'sky launch was killed'
assert !new File(basedir, ".fake-sky/clusters/${name}.json").exists() : 'nothing is left billing'
