import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def name = new File(basedir, '.cluster_name_tpu').getText('UTF-8').trim()
assert name ==~ /tpu-tpu-v6e-8-provision-tpu-\d{5}/
assert !new File(basedir, '.cluster_name_gpu').exists()
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
def yaml = new File(basedir, "target/remote/${name}.sky.yaml")
assert calls[0] == ['launch', yaml.canonicalPath, '--cluster', name, '--yes', '--idle-minutes-to-autostop', '15', '--down']
def task = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readValue(yaml, Map)
assert task.resources.accelerators == 'tpu-v6e-8'
assert task.resources.use_spot == true
assert task.resources.infra == 'gcp'
assert task.resources.accelerator_args == [tpu_vm: true, runtime_version: 'v2-alpha-tpuv6e']
