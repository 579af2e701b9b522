import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def nameFile = new File(basedir, '.cluster_name_gpu')
assert nameFile.isFile()
def content = nameFile.getText('UTF-8')
assert content ==~ /gpu-matmul_bench-\d{5}\n/ : "name file holds the name and a newline: ${content}"
def name = content.trim()
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
assert calls.size() == 2 : "launch, then status to check the safety net: ${calls}"
def yaml = new File(basedir, "target/remote/${name}.sky.yaml")
assert yaml.isFile() : 'the rendered task YAML is kept under target/remote'
assert calls[0] == ['launch', yaml.canonicalPath, '--cluster', name, '--yes', '--idle-minutes-to-autostop', '30', '--down']
assert calls[1] == ['status', '--refresh', '--output', 'json', name]
def task = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readValue(yaml, Map)
assert task.resources.accelerators == 'H100:1'
assert task.resources.use_spot == false
assert !task.resources.containsKey('infra')
assert !task.resources.containsKey('accelerator_args')
assert task.setup.contains('uv')
def record = new JsonSlurper().parse(new File(basedir, ".fake-sky/clusters/${name}.json"))
assert record.status == 'UP'
assert record.autostop == 30 && record.to_down == true : 'the cluster carries autodown: the safety net when Maven is killed'
