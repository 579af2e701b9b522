def epilogue = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert !log.contains('pom_script.py ran')
assert log.contains('arg[0]=<from-cli>')
assert !log.contains('from-pom')
def argv = new groovy.json.JsonSlurper().parseText(new File(basedir, '.fake-sky/calls.log').readLines('UTF-8')[0]).argv
assert argv[1] == 'gpu-demo-12345' : 'the -Ddevice=gpu from the command line selects .cluster_name_gpu'
assert epilogue.split(argv.last()).program == 'export CUDA_VISIBLE_DEVICES=0; uv run --group dev --extra gpu python train.py from-cli'
