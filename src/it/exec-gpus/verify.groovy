import groovy.json.JsonSlurper
def epilogue = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def argv = new JsonSlurper().parseText(new File(basedir, '.fake-sky/calls.log').readLines('UTF-8')[0]).argv
assert argv[0..5] == ['exec', 'gpu-demo-12345', '--workdir', basedir.canonicalPath, '--gpus', 'H100:1']
// With --gpus SkyPilot schedules the GPU and sets CUDA_VISIBLE_DEVICES itself: no export of our own.
assert epilogue.split(argv.last()).program == 'uv run --group dev --extra gpu python train.py'
assert log.contains('train.py starting, CUDA_VISIBLE_DEVICES=0')
