import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('Reusing cluster gpu-demo-12345 (from .cluster_name_gpu): it is UP.')
assert log.contains('Cluster gpu-demo-12345 has no autostop; setting it')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
assert calls == [['status', '--refresh', '--output', 'json', 'gpu-demo-12345'],
                 ['autostop', '--yes', '--idle-minutes', '30', '--down', 'gpu-demo-12345'],
                 ['status', '--refresh', '--output', 'json', 'gpu-demo-12345']] : "checked from the reuse status, set, checked: ${calls}"
def record = new JsonSlurper().parse(new File(basedir, '.fake-sky/clusters/gpu-demo-12345.json'))
assert record.autostop == 30 && record.to_down == true
