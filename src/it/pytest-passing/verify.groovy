import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('Tests run: 4, Failures: 0, Errors: 0, Skipped: 1')
assert !log.contains('FAILED')

// The report came back through the job's output and was decoded.
def report = new File(basedir, 'target/remote-reports/TEST-remote-pytest-gpu.xml')
assert report.isFile()
assert log.contains('Report: ' + report.canonicalPath) || log.contains('Report: ' + report.absolutePath)
def xml = new groovy.xml.XmlSlurper().parse(report)
def cases = xml.'**'.findAll { it.name() == 'testcase' }
assert cases.size() == 4 : "4 testcases, got ${cases*.@name}"
assert cases*.@name*.toString().sort() == ['test_add', 'test_cuda_visible_devices', 'test_multiply', 'test_skipped']
assert cases.every { it.@classname.toString() == 'tests.test_math' }
assert cases.count { !it.skipped.isEmpty() } == 1
assert cases.every { it.failure.isEmpty() && it.error.isEmpty() }

// Neither the markers nor the base64 payload are shown or logged.
def jobLog = new File(basedir, 'target/remote/pytest-default-cli.log')
assert jobLog.isFile()
def jobText = jobLog.getText('UTF-8')
assert jobText.contains('passed') && jobText.contains('skipped')
def encoded = report.bytes.encodeBase64().toString()
def firstB64Line = encoded.substring(0, 40)   // base64(1) wraps at 76 columns; any slice of line 1 must not appear
// The marker strings do appear inside the echoed remote command ("Running pytest tests on ...", sky's
// "Command to run: ..."), which cannot be helped; but no line the job printed (a marker line, ending with it) is shown.
def epilogue = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy'))
[log, jobText].each { text ->
    epilogue.noFrameShown(text)
    assert !text.contains(firstB64Line)
    assert !text.contains('PD94bWwg')        // base64 of "<?xml "
}

// Exactly one sky process: sky exec with pytest and the --junitxml file of this run.
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }
assert calls.size() == 1 : "exactly one sky process, got ${calls}"
def argv = new JsonSlurper().parseText(calls[0]).argv
assert argv.size() == 6 : "argv ${argv}"
assert argv[0..4] == ['exec', 'gpu-demo-12345', '--workdir', basedir.canonicalPath, '--']
def remote = argv[5]
def parts = epilogue.split(remote)
assert parts.program == 'export CUDA_VISIBLE_DEVICES=0; uv run --group dev --extra gpu python -m pytest tests --junitxml=' + parts.report
// The report's path, which pytest and the tests see, is not derived from the token of the frames.
assert parts.report ==~ /\/tmp\/remote-maven-plugin-[0-9a-f]{32}\/report\.xml/
assert !parts.report.contains(parts.token)
assert parts.reportDir == new File(parts.report).parent
// The report's directory is removed once the report was sent back.
assert !new File(parts.reportDir).exists()
true

// The real uv ran pytest: it locked pytest (dev group) from the build's wheelhouse and made the .venv.
def realuv = evaluate(new File(basedir, '../../../src/it/_lib/realuv.groovy'))
def lock = realuv.ranRealUv(basedir, 'gpu-demo-12345')
assert lock.contains('name = "pytest"') && lock =~ /dev = \[\s*\{ name = "pytest" \}/
