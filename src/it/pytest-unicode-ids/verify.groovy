// (non-ASCII is written as backslash-u escapes so the script does not depend on file.encoding)
// Non-ASCII and quotes in test ids survive pytest -> JUnit XML -> base64 -> the plugin -> Maven's log, as UTF-8.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('rejected on purpose: gr\u00fc\u00dfe')
assert log.contains('[ERROR]   FAILED tests.test_words.test_word[gr\u00fc\u00dfe]')
assert log.contains('[ERROR]   FAILED tests.test_words.test_word[say "hi"]')
assert !log.contains("FAILED tests.test_words.test_word[it's]")
assert !log.contains('FAILED tests.test_words.test_word[\u65e5\u672c]')
assert !log.contains('FAILED tests.test_words.test_na\u00efve_function_name')
assert log.contains('[ERROR] Tests run: 5, Failures: 2, Errors: 0, Skipped: 0')
assert log.contains('There are remote test failures on gpu-demo-12345: Tests run: 5, Failures: 2, Errors: 0, Skipped: 0;'
        + ' failed: tests.test_words.test_word[gr\u00fc\u00dfe], tests.test_words.test_word[say "hi"].')
assert !log.contains('\\xfc') && !log.contains('\uFFFD')

def report = new File(basedir, 'target/remote-reports/TEST-remote-pytest-gpu.xml')
assert report.isFile()
assert report.getText('UTF-8').contains('test_word[gr\u00fc\u00dfe]')
def cases = new groovy.xml.XmlSlurper().parse(report).'**'.findAll { it.name() == 'testcase' }
assert cases*.@name*.toString().sort() == ['test_na\u00efve_function_name', 'test_word[gr\u00fc\u00dfe]', "test_word[it's]",
        'test_word[say "hi"]', 'test_word[\u65e5\u672c]']
assert cases.findAll { !it.failure.isEmpty() }*.@name*.toString().sort() == ['test_word[gr\u00fc\u00dfe]', 'test_word[say "hi"]']

def jobLog = new File(basedir, 'target/remote/pytest-default-cli.log').getText('UTF-8')
assert jobLog.contains('rejected on purpose: gr\u00fc\u00dfe')
true
