// SIGTERM (a Jenkins abort) while provision checks the autostop of the cluster it has just launched: the runner's
// shutdown hook kills sky status and tears the cluster down; the name file still names it (nothing more can run
// while the JVM shuts down), which remote:down or the next provision clears.
def nested = evaluate(new File(basedir, '../../../src/it/_lib/nested-maven.groovy'))
def p = nested.start(basedir, ['remote:provision', '-Ddevice=gpu', '-Daccelerator=H100:1', '-Dexperiment=abort'],
        [FAKE_SKY_FAULT: 'hang', FAKE_SKY_FAULT_CMD: 'status', FAKE_SKY_FAULT_TIMES: '1'])
def pids = new File(basedir, '.fake-sky/hang.pids')
long deadline = System.currentTimeMillis() + 60_000
while (!(pids.exists() && pids.readLines().findAll { it.trim() }.size() >= 2) && System.currentTimeMillis() < deadline) {
    Thread.sleep(100)
}
assert pids.exists() : 'sky status after the launch did not start hanging within 60 s'
nested.signal(p, 'TERM')
int exit = nested.finish(p, 60)
def log = new File(basedir, 'nested.log').getText('UTF-8')
assert exit != 0
assert log.contains('Build interrupted: the cluster was torn down')
def calls = nested.calls(basedir)
def name = calls[0].argv[3]
assert name ==~ /gpu-abort-\d{5}/
assert calls*.argv.collect { it[0] } == ['launch', 'status', 'down'] : "${calls*.argv}"
assert calls*.argv.contains(['down', '--yes', name])
assert !new File(basedir, ".fake-sky/clusters/${name}.json").exists() : 'the launched cluster is gone'
pids.readLines().findAll { it.trim() }.each { assert !nested.alive(it.trim() as long) : "hanging sky status ${it} was killed" }
true
