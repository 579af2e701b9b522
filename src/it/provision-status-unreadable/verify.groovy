import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
def name = calls[0][3]
assert name ==~ /gpu-garbled-\d{5}/
assert calls.collect { it[0] } == ['launch', 'status', 'down', 'status'] : "${calls}"
assert log.contains("Cluster ${name} was launched, but its autostop/autodown could not be confirmed: Cannot read the output of sky status -o json ${name}: no JSON list of clusters")
assert log.contains("It was torn down (sky down -y ${name}) and no name file was kept.")
assert log.contains("Check: sky status ${name}")
assert !new File(basedir, '.cluster_name_gpu').exists()
assert !new File(basedir, ".fake-sky/clusters/${name}.json").exists() : 'nothing is left billing'
