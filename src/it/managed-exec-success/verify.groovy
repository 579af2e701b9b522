// A managed job: no cluster name file; sky jobs launch of a rendered task YAML, then followed to SUCCEEDED.
import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').collect { new JsonSlurper().parseText(it).argv }
def launch = calls.find { it[0] == 'jobs' && it[1] == 'launch' }
assert launch : calls
def name = launch[launch.indexOf('--name') + 1]
assert name ==~ /train-\d{5}/
assert launch.subList(3, launch.size()) == ['--name', name, '--yes', '--detach-run'] : launch
assert calls.contains(['jobs', 'logs', '--tail', '0', '1']) : calls
// The task YAML: outside the workdir (the job must not read its epilogue token), with the same remote command.
def yaml = new File(launch[2])
assert !yaml.canonicalPath.startsWith(basedir.canonicalPath)
// Deleted once sky jobs launch returned (it holds the job's command); the fake's controller kept its copy.
assert !yaml.exists() && !yaml.parentFile.exists() : "left behind: $yaml"
def task = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(new File(basedir, '.fake-sky/managed/jobs/1/task.yaml'))
assert task.get('name').asText() == name
assert task.get('workdir').asText() == basedir.canonicalPath || task.get('workdir').asText() == basedir.absolutePath
assert task.get('resources').get('accelerators').asText() == 'H100:1'
assert task.get('resources').get('use_spot').asBoolean()
assert task.get('envs').get('MODE').asText() == '1'
def epilogue = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy'))
assert epilogue.split(task.get('run').asText()).program == "uv run --group dev --extra gpu python train.py"
// SkyPilot set CUDA_VISIBLE_DEVICES for the job's accelerator: no export of our own.
assert log.contains('managed training on CUDA_VISIBLE_DEVICES=0')
assert log.contains('mode=1')
assert log.contains('Managed job 1 (train.py) succeeded.')
assert epilogue.noFrameShown(log)
def record = new JsonSlurper().parse(new File(basedir, 'target/remote/jobs/managed.json'))
assert record.jobs*.id == [1]
def job = new JsonSlurper().parse(new File(basedir, '.fake-sky/managed/jobs/1/job.json'))
assert job.status == 'SUCCEEDED' && job.job_name == name && job.resources == '1x[H100:1]' && job.use_spot
assert !new File(basedir, '.cluster_name_gpu').exists() : 'a managed job needs and writes no name file'
