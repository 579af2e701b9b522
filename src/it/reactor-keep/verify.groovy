// -Dremote.keep: one launch, three jobs, no teardown; the log says the cluster was kept and how to tear it down,
// and that command (run here) does.
def nested = evaluate(new File(basedir, '../../../src/it/_lib/nested-maven.groovy'))
def reactor = evaluate(new File(basedir, '../../../src/it/_lib/reactor.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def name = reactor.oneLaunch(basedir)
reactor.jobsRanOn(basedir, name, ['a', 'b', 'c'])
assert !reactor.calls(basedir).any { it.argv[0] == 'down' } : 'kept: no sky down'
assert new File(basedir, ".fake-sky/clusters/${name}.json").exists()
assert new File(basedir, '.cluster_name_gpu').getText('UTF-8').trim() == name
assert !new File(basedir, '.cluster_name_gpu.leases').exists() : 'the build gave up its lease'
assert log.contains("Cluster ${name} stays up: modules b, c of this build still use it; the build keeps it (remote.keep).")
def hint = "sky down -y ${name}   (or: mvn -N remote:down -Ddevice=gpu)"
assert log.contains("Cluster ${name} is kept (remote.keep): it stays up after the build, with the autostop" +
        " remote:provision set. Tear it down when done: ${hint}")
assert log.count('is kept (remote.keep)') == 1
// The command the message gives tears it down.
def p = nested.start(basedir, ['-N', 'remote:down', '-Ddevice=gpu'])
assert nested.finish(p, 120) == 0 : new File(basedir, 'nested.log').text
assert reactor.calls(basedir)*.argv.count { it == ['down', '--yes', name] } == 1
reactor.nothingLeft(basedir, name)
true
