def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert !log.contains('workdir sync would upload') : 'a .skyignore listing /target keeps the 300 MB out: no warning'
assert log.contains('train.py ran')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }
assert calls.size() == 1 : "exactly one sky process, got ${calls}"
def workdir = new File(basedir, '.fake-sky/clusters/gpu-demo-12345/sky_workdir')
assert new File(workdir, 'train.py').isFile()
assert !new File(workdir, 'target').exists() : 'the fake sky (same rules) did not sync target/ either'
