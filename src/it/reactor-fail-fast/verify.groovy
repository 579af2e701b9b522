// a's job fails without deferFailure: a never reaches its remote:down, Maven skips b and c, and the cluster is
// still torn down, before Maven exits, by the listener that hears of the build's end.
def reactor = evaluate(new File(basedir, '../../../src/it/_lib/reactor.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log =~ /Failed to execute goal .*:exec \(tests\) on project a/
assert log =~ /(?m)^\[INFO\] b \.+ SKIPPED/
def name = reactor.oneLaunch(basedir)
reactor.jobsRanOn(basedir, name, ['a'], [a: 3])
reactor.tornDownOnceAfterJobs(basedir, name)
assert log.contains("Tearing down cluster ${name}: the build ends and no module uses it any more.")
assert log.contains("Cluster ${name} is gone; removed")
// Said before Maven's summary, so before it exits.
assert log.indexOf("Cluster ${name} is gone") < log.indexOf('BUILD FAILURE')
true
