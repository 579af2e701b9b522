import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
// -v: pytest names each test it runs; -k: only test_alpha does.
assert log.contains('tests/test_select.py::test_alpha PASSED')
assert log.contains('1 passed, 2 deselected')
assert log.contains('[INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')

def report = new File(basedir, 'target/remote-reports/TEST-remote-pytest-gpu.xml')
def cases = new groovy.xml.XmlSlurper().parse(report).'**'.findAll { it.name() == 'testcase' }
assert cases*.@name*.toString() == ['test_alpha']

// The string was shell-split into -k, "alpha and not beta", -v and quoted again for the remote shell.
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }
assert calls.size() == 1 : "exactly one sky process, got ${calls}"
def remote = new JsonSlurper().parseText(calls[0]).argv[5]
def parts = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy')).split(remote)
assert parts.program == "export CUDA_VISIBLE_DEVICES=0; uv run --group dev --extra gpu python -m pytest tests --junitxml=${parts.report} -k 'alpha and not beta' -v"
true
