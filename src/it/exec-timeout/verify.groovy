def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('did not finish within the timeout (remote.timeout)')
// Killed before "Job submitted, ID": an API server may still submit the job, so never claim nothing was.
assert !log.contains('nothing had been submitted')
// The 2 s budget counts from the goal's start: on a loaded machine sky exec starts with 1 s left.
assert log =~ /killed sky exec \(timed out after [12] s\) before it printed a job id; SkyPilot's API server may still submit the job/
assert log.contains('Check whether it was submitted anyway: sky queue gpu-demo-12345')
def checks = evaluate(new File(basedir, '../../../src/it/_lib/checks.groovy'))
checks.hangingSkyIsGone(basedir)
// Maven's own clock: the build ended well before the hang would have (timeout 2 s + kill grace).
def m = (log =~ /Total time:\s+([0-9.]+) s/)
assert m.find() && (m.group(1) as double) < 12.0 : 'the build must fail within timeout + 10 s'
