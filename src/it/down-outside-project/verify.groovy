def nested = evaluate(new File(basedir, '../../../src/it/_lib/nested-maven.groovy'))
def dir = new File(basedir, 'standalone')
assert !new File(dir, 'pom.xml').exists()
def p = nested.start(dir, ['io.github.skyremote:remote-maven-plugin:0.1.0-SNAPSHOT:down', '-Ddevice=gpu'])
assert nested.finish(p, 120) == 0
def log = new File(dir, 'nested.log').getText('UTF-8')
assert log.contains('Cluster gpu-demo-12345 is gone; removed')
assert !new File(dir, '.cluster_name_gpu').exists()
assert nested.calls(dir)*.argv == [['down', '--yes', 'gpu-demo-12345'], ['status', '--refresh', '--output', 'json', 'gpu-demo-12345']]
