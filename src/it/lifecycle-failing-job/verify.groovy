import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
assert calls.collect { it[0] } == ['launch', 'status', 'exec', 'down', 'status'] : "${calls}"
assert !new File(basedir, '.cluster_name_gpu').exists() : 'torn down despite the failing job'
assert new File(basedir, '.fake-sky/clusters').listFiles().findAll { it.name.endsWith('.json') }.isEmpty()
// The failure is recorded, the teardown runs, and the build fails in verify.
def recorded = log.indexOf('The failure is recorded')
def gone = log.indexOf('is gone; removed')
def failed = log.indexOf('remote:0.1.0-SNAPSHOT:verify (check)')
assert recorded > 0 && gone > recorded && failed > gone
assert log.contains('fail.py exited with code 7')
assert log =~ /Failed to execute goal .*:verify \(check\)/
