import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('No quota for H100 in any region') : "SkyPilot's reason is shown"
assert log.contains('No name file was written')
assert !new File(basedir, '.cluster_name_gpu').exists()
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
assert calls.collect { it[0] } == ['launch', 'down', 'status'] : 'a failed launch is torn down (--down does not apply when provisioning fails) and checked gone: sky down exits 0 even when it fails'
assert log.contains('and sky status no longer lists it.')
// The goal's log file keeps every command under its own header: the launch's error survives the teardown after it.
def logs = new File(basedir, 'target/remote').listFiles().findAll { it.name.startsWith('provision-') }
assert logs.size() == 1 : "one log file for the goal: ${logs}"
def lines = logs[0].readLines('UTF-8')
def headers = lines.findIndexValues { it.startsWith('=== ') }.collect { it as int }
assert headers.size() == 2 : "a header per command: ${lines}"
assert lines[headers[0]] ==~ /=== \S*sky launch .* \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)/
assert lines[headers[1]] ==~ /=== \S*sky down --yes \S+ \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)/
def quota = lines.findIndexOf { it.contains('No quota for H100 in any region') }
assert quota > headers[0] && quota < headers[1] : "the launch's error is kept under its header: ${lines}"
