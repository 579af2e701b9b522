import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
def name = calls[0][3]
assert name ==~ /gpu-lost-\d{5}/
assert calls.collect { it[0] } == ['launch', 'status', 'autostop', 'status', 'down', 'status'] : "${calls}"
assert calls[2] == ['autostop', '--yes', '--idle-minutes', '30', '--down', name]
assert calls[4] == ['down', '--yes', name]
assert log.contains("Cluster ${name} was launched, but its autostop/autodown could not be confirmed: sky autostop exited 0, but sky status still shows no autostop")
assert log.contains("It was torn down (sky down -y ${name}) and no name file was kept.")
assert log.contains("Check: sky status ${name}")
assert !new File(basedir, '.cluster_name_gpu').exists() : 'no name file for a torn-down cluster'
assert !new File(basedir, ".fake-sky/clusters/${name}.json").exists() : 'nothing is left billing'
