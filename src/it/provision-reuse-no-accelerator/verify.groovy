import groovy.json.JsonSlurper
// The accelerator is needed to launch a new cluster, not to reuse one (README): no task YAML is rendered.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert !log.contains('NullPointerException')
assert log.contains('Reusing cluster gpu-demo-12345 (from .cluster_name_gpu): it is UP.')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
assert calls == [['status', '--refresh', '--output', 'json', 'gpu-demo-12345']] : 'one sky status call and no launch'
assert new File(basedir, '.cluster_name_gpu').getText('UTF-8') == 'gpu-demo-12345\n'
