import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('Cluster gpu-demo-12345 (from .cluster_name_gpu) no longer exists')
assert log.contains('autodown')
def name = new File(basedir, '.cluster_name_gpu').getText('UTF-8').trim()
assert name ==~ /gpu-demo-\d{5}/ && name != 'gpu-demo-12345'
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
assert calls.collect { it[0] } == ['status', 'launch', 'status']
