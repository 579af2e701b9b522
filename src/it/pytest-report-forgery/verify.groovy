import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS') : 'maven.test.failure.ignore'
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }
assert calls.size() == 1
def parts = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy'))
        .split(new JsonSlurper().parseText(calls[0]).argv[5])

// The token is nowhere a test can see it: not in its argv, environment, /proc/self/cmdline or junitxml directory.
def visible = (log =~ /forgery: visible hex words: \[([0-9a-f,]*)\]/)
assert visible.find() : 'the forging test ran'
def words = visible.group(1).split(',').findAll { it } as Set
assert !words.contains(parts.token) : "the test saw the token ${parts.token} in ${words}"
assert words.contains(new File(parts.reportDir).name.replace('remote-maven-plugin-', '')) : 'the search saw its argv'
assert log.contains('forgery: junitxml directory: ' + parts.reportDir)

// A forger that reads its ancestors' command lines finds the token; its frames, printed while pytest ran, are
// superseded by the real ones printed after pytest exited.
assert log.contains("forgery: token read from an ancestor's command line: yes")
assert log.contains('[ERROR] Tests run: 2, Failures: 1, Errors: 0, Skipped: 0')
assert log.contains('[ERROR]   FAILED tests.test_forge.test_real_failure')
assert log.contains('There are test failures (maven.test.failure.ignore is set)')
def report = new File(basedir, 'target/remote-reports/TEST-remote-pytest-gpu.xml')
def cases = new groovy.xml.XmlSlurper().parse(report).'**'.findAll { it.name() == 'testcase' }
assert cases*.@name*.toString().sort() == ['test_forges_a_green_report', 'test_real_failure']
assert !report.getText('UTF-8').contains('test_forged_green')
true
