// b, the last user, binds no remote:down: a's down leaves the cluster to b, and it is torn down when Maven finishes
// b. Then again with a teardown that fails (sky down exits 0 but the cluster stays listed): the build fails.
def nested = evaluate(new File(basedir, '../../../src/it/_lib/nested-maven.groovy'))
def reactor = evaluate(new File(basedir, '../../../src/it/_lib/reactor.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def name = reactor.oneLaunch(basedir)
reactor.jobsRanOn(basedir, name, ['a', 'b'])
reactor.tornDownOnceAfterJobs(basedir, name)
assert log.contains("Cluster ${name} stays up: module b of this build still uses it; the last of them tears it down.")
assert log.contains("Tearing down cluster ${name}: every module of this build that uses it is done (the last, b," +
        " ended without running remote:down).")
assert log.indexOf("Cluster ${name} is gone") < log.indexOf('Reactor Summary')

// The same build, with a cloud teardown that fails.
new File(basedir, '.fake-sky').deleteDir()
new File(basedir, 'sync').deleteDir()
def p = nested.start(basedir, ['verify'], [FAKE_SKY_DOWN_FAILS: 'quota'])
int exit = nested.finish(p, 180)
def failed = new File(basedir, 'nested.log').getText('UTF-8')
assert exit != 0 : failed
def second = reactor.oneLaunch(basedir)
assert failed =~ /(?m)^\[INFO\] b \.+ SUCCESS/
assert failed.contains("Cluster ${second} is still listed after sky down")
assert failed.contains('BUILD FAILURE')
assert failed.indexOf("Cluster ${second} is still listed") < failed.indexOf('BUILD FAILURE')
assert new File(basedir, '.cluster_name_gpu').getText('UTF-8').trim() == second : 'the name file is kept'
assert !new File(basedir, '.cluster_name_gpu.leases').exists()
true
