// Two builds of one checkout at once: p1's job ends once p2's runs, so p1's remote:down comes while p2 uses the
// cluster and must leave it; p2's job ends after p1 exited, and p2 tears the cluster down. One launch, one teardown.
def nested = evaluate(new File(basedir, '../../../src/it/_lib/nested-maven.groovy'))
def reactor = evaluate(new File(basedir, '../../../src/it/_lib/reactor.groovy'))
def dir = { String n -> def d = new File(basedir, n); d.mkdirs(); d }
def build = { String n, String waitFor ->
    nested.start(dir(n), ['verify', "-Dbuild.name=${n}".toString(), "-Djob.waitFor=${waitFor}".toString(),
                          '-f', new File(basedir, 'pom.xml').path])
}
def p1 = build('p1', 'p2.started')
def p2 = build('p2', 'p1.done')
assert nested.finish(p1, 180) == 0 : new File(basedir, 'p1/nested.log').text
new File(basedir, 'sync/p1.done').text = 'p1 exited'
assert nested.finish(p2, 180) == 0 : new File(basedir, 'p2/nested.log').text
def log1 = new File(basedir, 'p1/nested.log').getText('UTF-8')
def log2 = new File(basedir, 'p2/nested.log').getText('UTF-8')
def name = reactor.oneLaunch(basedir)
reactor.jobsRanOn(basedir, name, ['p1', 'p2'])
reactor.tornDownOnceAfterJobs(basedir, name)
assert log1.contains("Cluster ${name} stays up: another build uses it (pid ${p2.pid()}, mvn verify") : log1
assert log1.contains('the last build to finish tears it down.')
assert !log1.contains("Cluster ${name} is gone")
assert log2.contains("Cluster ${name} is gone; removed")
true
