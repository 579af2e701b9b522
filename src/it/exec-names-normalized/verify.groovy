import groovy.json.JsonSlurper

// The pre-flight accepts what uv accepts: names that differ only in case and -_. (PEP 685).
def epilogue = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }
assert calls.size() == 1 : "exactly one sky process, got ${calls}"
def argv = new JsonSlurper().parseText(calls[0]).argv
assert argv[0..4] == ['exec', 'gpu-demo-12345', '--workdir', basedir.canonicalPath, '--']
assert argv.size() == 6
assert epilogue.split(argv[5]).program == 'export CUDA_VISIBLE_DEVICES=0; uv run --group dev --extra gpu python train.py --steps 3'
// ...and the real uv, which ran the job, agreed.
assert log.contains('arg[1]=<3>')
assert log.contains('train.py done')
def realuv = evaluate(new File(basedir, '../../../src/it/_lib/realuv.groovy'))
def lock = realuv.ranRealUv(basedir, 'gpu-demo-12345')
assert lock.contains('name = "demo-project"')
assert lock.contains('provides-extras = ["gpu"]')
