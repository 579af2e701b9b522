def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('(pytest tests) did not finish within the timeout (remote.timeout)')
// The hanging fake recorded its own pid and its child's: both must be gone.
def pids = new File(basedir, '.fake-sky/hang.pids').readLines().findAll { it.trim() }.collect { it.trim() as long }
assert pids.size() >= 2
Thread.sleep(500)
pids.each { pid ->
    def alive = ProcessHandle.of(pid).map { it.isAlive() }.orElse(false)
    assert !alive : "process ${pid} of the timed-out sky is still alive"
}
// Maven's own clock: the build ended well before the hang would have (timeout 2 s + kill grace).
def m = (log =~ /Total time:\s+([0-9.]+) s/)
assert m.find() && (m.group(1) as double) < 12.0 : 'the build must fail within timeout + 10 s'
