import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('No quota for H100 in any region') : "SkyPilot's reason is shown"
assert log.contains('No name file was written')
assert !new File(basedir, '.cluster_name_gpu').exists()
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
assert calls.collect { it[0] } == ['launch', 'down'] : 'a failed launch is torn down: --down does not apply when provisioning fails'
