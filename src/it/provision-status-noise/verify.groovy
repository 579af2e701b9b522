import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('Reusing cluster gpu-demo-12345 (from .cluster_name_gpu): it is UP.')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
assert calls == [['status', '--refresh', '--output', 'json', 'gpu-demo-12345']] : 'one sky status, the safety net read from it'
