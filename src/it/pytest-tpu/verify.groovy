import groovy.json.JsonSlurper

// `uv run --extra tpu python -m pytest tests`, executed by the real uv on the fake cluster.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0')
def report = new File(basedir, 'target/remote-reports/TEST-remote-pytest-tpu.xml')
assert report.isFile()

def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }
assert calls.size() == 1 : "exactly one sky process, got ${calls}"
def argv = new JsonSlurper().parseText(calls[0]).argv
assert argv[0..4] == ['exec', 'tpu-v6e-8-demo-12345', '--workdir', basedir.canonicalPath, '--']
def parts = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy')).split(argv[5])
assert parts.program == 'uv run --extra tpu python -m pytest tests --junitxml=' + parts.report

def realuv = evaluate(new File(basedir, '../../../src/it/_lib/realuv.groovy'))
def lock = realuv.ranRealUv(basedir, 'tpu-v6e-8-demo-12345')
assert lock.contains('name = "pytest"') : 'uv locked pytest from the wheelhouse'
assert lock =~ /tpu = \[\s*\{ name = "pytest" \}/
// uv's own lines are part of the job's output, as on a real cluster.
def jobLog = new File(basedir, 'target/remote/pytest-default-cli.log').getText('UTF-8')
assert jobLog.contains('Creating virtual environment at: .venv')
