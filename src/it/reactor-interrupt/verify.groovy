// SIGTERM (a Jenkins abort) while module b's job runs in a serial reactor: b's job is cancelled, the cluster is torn
// down before Maven exits, and the log says so; c never starts.
def nested = evaluate(new File(basedir, '../../../src/it/_lib/nested-maven.groovy'))
def reactor = evaluate(new File(basedir, '../../../src/it/_lib/reactor.groovy'))
def p = nested.start(basedir, ['verify'])
def started = new File(basedir, 'sync/b.started')
long deadline = System.currentTimeMillis() + 120_000
while (!started.exists()) {
    assert System.currentTimeMillis() < deadline : "b's job did not start:\n" + new File(basedir, 'nested.log').text
    Thread.sleep(100)
}
nested.signal(p, 'TERM')
int exit = nested.finish(p, 180)
def log = new File(basedir, 'nested.log').getText('UTF-8')
assert exit != 0 : 'an interrupted build exits non-zero'
def name = reactor.oneLaunch(basedir)
def calls = reactor.calls(basedir)*.argv
assert calls.findAll { it[0] == 'exec' }.size() == 2 : "a's and b's jobs, not c's: ${calls}"
def cancel = calls.findIndexOf { it == ['cancel', '--yes', name, '2'] }
def down = calls.findIndexOf { it == ['down', '--yes', name] }
assert cancel >= 0 && down > cancel : "b's job cancelled, then the cluster torn down: ${calls}"
assert calls.count { it[0] == 'down' } == 1
assert log.contains('Build interrupted: the remote job was cancelled')
assert log.contains("Build interrupted: tearing down cluster ${name}.")
assert log =~ /Build interrupted: cluster ${name} was torn down \(`\S*sky down --yes ${name}`\)\./
assert !reactor.events(basedir).any { it.module == 'c' } : 'c never ran'
reactor.nothingLeft(basedir, name)
true
