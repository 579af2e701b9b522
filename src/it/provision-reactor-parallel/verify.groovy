import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
def launches = calls.findAll { it[0] == 'launch' }
assert launches.size() == 1 : "exactly one cluster is launched: ${calls}"
def name = new File(basedir, '.cluster_name_gpu').getText('UTF-8').trim()
assert name ==~ /gpu-shared-\d{5}/
assert launches[0][3] == name
assert calls.findAll { it[0] == 'status' }.size() == 4 : 'the launcher checks its safety net; the three others find it UP'
assert log.count("Reusing cluster ${name}") == 3
['a', 'b', 'c'].each { assert !new File(basedir, "${it}/.cluster_name_gpu").exists() : 'modules share the root name file' }
true
