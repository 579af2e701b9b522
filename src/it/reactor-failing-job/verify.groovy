// -T 3 with b's job failing (deferFailure): the build fails in b's remote:verify, a's and c's jobs succeed, and the
// one cluster is torn down once, after the last job.
def reactor = evaluate(new File(basedir, '../../../src/it/_lib/reactor.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log =~ /Failed to execute goal .*:verify \(check\) on project b/
assert log.contains('The failure is recorded (remote.deferFailure)')
def name = reactor.oneLaunch(basedir)
reactor.jobsRanOn(basedir, name, ['a', 'b', 'c'], [b: 3])
reactor.tornDownOnceAfterJobs(basedir, name)
// b failed first; its remote:down left the cluster to a and c, which were still running.
assert log =~ /Cluster ${name} stays up: modules a, c of this build still use it; the last of them tears it down\./
['a', 'c'].each { assert log =~ /(?m)^\[INFO\] ${it} \.+ SUCCESS/ }
true
