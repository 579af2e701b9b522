import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('Cluster gpu-demo-12345 is gone; removed')
assert !new File(basedir, '.cluster_name_gpu').exists()
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
assert calls == [['down', '--yes', 'gpu-demo-12345'], ['status', '--refresh', '--output', 'json', 'gpu-demo-12345']]
assert !new File(basedir, '.fake-sky/clusters/gpu-demo-12345.json').exists()
