def key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC&<k>\nkjH7cXyZ0a1b2c3d4e5f6g7h8i9j0kLm\n-----END PRIVATE KEY-----'
def lines = key.readLines()
assert lines.size() == 4
def escaped = lines.collect { groovy.xml.XmlUtil.escapeXml(it) } + lines.collect { it.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;') }
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('key has 4 lines') && log.contains('leak.py done') : 'the job got the key'
assert log.contains('There are test failures') && log.contains('FAILED tests.test_key.test_key_in_the_failure_message')

def texts = [('build.log'): log]
new File(basedir, 'target').eachFileRecurse { f -> if (f.isFile()) texts[f.path] = f.getText('UTF-8') }
assert texts.keySet().any { it.endsWith('TEST-remote-pytest-gpu.xml') }
texts.each { name, text ->
    lines.each { assert !text.contains(it) : "a line of the key in ${name}" }
    escaped.each { assert !text.contains(it) : "an XML-escaped line of the key in ${name}" }
}
// Each line of the key was masked on its own.
assert log =~ /whole key:\n(\[INFO\] \([^)]*\) \*\*\*\*\n){4}/
assert log =~ /\[INFO\] \([^)]*\) coloured: \*\*\*\*\n/
// The lines longer than the cap came in pieces, each masked whole: no piece holds a fragment of the key.
def pieces = log.readLines().findAll { it.length() > 1000 }
assert pieces.size() >= 4 : "the long lines came in pieces: ${pieces.size()}"
pieces.each { assert it ==~ /\[INFO\] (\([^)]*\) )?y?(\*\*\*\*)+/ : "a fragment of the key: ${it.take(200)}...${it.takeRight(200)}" }
// The report parses, and its text holds no line of the key either.
def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/remote-reports/TEST-remote-pytest-gpu.xml'))
def text = report.'**'.collect { node -> node.text() + ' ' + node.attributes().values().join(' ') }.join('\n')
lines.each { assert !text.contains(it) }
assert text.contains('****')
true
