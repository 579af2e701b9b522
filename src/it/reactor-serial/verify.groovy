// Serial reactor, binding inherited by a, b, c (x has no plugin): one launch, three jobs on it, one teardown after
// the last.
def reactor = evaluate(new File(basedir, '../../../src/it/_lib/reactor.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def name = reactor.oneLaunch(basedir)
reactor.jobsRanOn(basedir, name, ['a', 'b', 'c'])
reactor.tornDownOnceAfterJobs(basedir, name)
// b and c reuse what a launched; a's and b's downs leave the cluster to the modules after them.
assert log.count("Reusing cluster ${name}") == 2
assert log.contains("Cluster ${name} stays up: modules b, c of this build still use it; the last of them tears it down.")
assert log.contains("Cluster ${name} stays up: module c of this build still uses it; the last of them tears it down.")
assert log.contains("Tearing down cluster ${name}: this module is the last of the build to use it.")
assert log.contains("Cluster ${name} is gone; removed")
true
