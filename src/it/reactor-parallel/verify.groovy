// -T 3: the three jobs overlap on one cluster; the downs of a and b leave it to the last module; one teardown.
def reactor = evaluate(new File(basedir, '../../../src/it/_lib/reactor.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def name = reactor.oneLaunch(basedir)
reactor.jobsRanOn(basedir, name, ['a', 'b', 'c'])
reactor.tornDownOnceAfterJobs(basedir, name)
// The jobs did overlap: b and c started before a's ended, and ended after it.
def ev = reactor.events(basedir)
def t = { kind, m -> ev.find { it.kind == kind && it.module == m }.time }
['b', 'c'].each { assert t('start', it) < t('end', 'a') && t('end', it) > t('end', 'a') }
assert log.count("Reusing cluster ${name}") == 2
assert log =~ /Cluster ${name} stays up: modules? [bc, ]+ of this build still uses? it; the last of them tears it down\./
assert log.contains("Tearing down cluster ${name}: this module is the last of the build to use it.")
true
