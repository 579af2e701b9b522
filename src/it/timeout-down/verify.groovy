def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('Tearing down gpu-demo-12345 was stopped before it finished.')
assert new File(basedir, '.cluster_name_gpu').exists() : 'the name file stays until the cluster is verified gone'
def pids = new File(basedir, '.fake-sky/hang.pids').readLines().findAll { it.trim() }.collect { it.trim() as long }
assert pids.size() >= 2
Thread.sleep(500)
pids.each { assert !ProcessHandle.of(it).map { h -> h.isAlive() }.orElse(false) : "process ${it} is still alive" }
true
