def epilogue = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }
assert log.contains('BUILD SUCCESS')
assert calls.size() == 1 : "exactly one sky process, got ${calls}"
def argv = new groovy.json.JsonSlurper().parseText(calls[0]).argv
def workdir = basedir.canonicalPath
assert argv[0..4] == ['exec', 'gpu-demo-12345', '--workdir', workdir, '--']
assert argv.size() == 6
assert epilogue.split(argv[5]).program == "export CUDA_VISIBLE_DEVICES=0; uv run --group dev --extra gpu python train.py --steps 3 --name 'a b' '' '\$HOME' 'it'\"'\"'s' --lr=1e-3 'ü€'"
assert log.contains('train.py starting, CUDA_VISIBLE_DEVICES=0')
assert log.contains('arg[0]=<--steps>')
assert log.contains('arg[1]=<3>')
assert log.contains('arg[3]=<a b>')
assert log.contains('arg[4]=<>')
assert log.contains('arg[5]=<$HOME>')
assert log.contains("arg[6]=<it's>")
assert log.contains('arg[7]=<--lr=1e-3>')
assert log.contains('arg[8]=<ü€>')
assert log.contains('train.py done')
def jobLog = new File(basedir, 'target/remote/exec-default-cli.log')
assert jobLog.isFile()
assert jobLog.getText('UTF-8').contains('arg[8]=<ü€>')
// The epilogue's exit frame is taken out of what is shown and logged.
epilogue.noFrameShown(log)
epilogue.noFrameShown(jobLog.getText('UTF-8'))

// `uv run --group dev --extra gpu python train.py ...` was executed by the real uv (its uv.lock and .venv).
def realuv = evaluate(new File(basedir, '../../../src/it/_lib/realuv.groovy'))
assert realuv.ranRealUv(basedir, 'gpu-demo-12345').contains('provides-extras = ["gpu", "tpu"]')
