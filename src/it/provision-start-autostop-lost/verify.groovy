import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('Cluster gpu-demo-12345 is STOPPED; starting it.')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
assert calls.collect { it[0] } == ['status', 'start', 'status', 'autostop', 'status'] : "${calls}"
assert calls[1] == ['start', '--yes', '--idle-minutes-to-autostop', '30', '--down', 'gpu-demo-12345']
def record = new JsonSlurper().parse(new File(basedir, '.fake-sky/clusters/gpu-demo-12345.json'))
assert record.status == 'UP'
assert record.autostop == 30 && record.to_down == true
assert new File(basedir, '.cluster_name_gpu').getText('UTF-8') == 'gpu-demo-12345\n'
