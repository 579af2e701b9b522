import groovy.json.JsonSlurper

// remote.testPath may be a node id: the file part is checked against the workdir, the ::test part kept.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('Running pytest tests/test_math.py::test_multiply on gpu-demo-12345')
assert log.contains('[INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
def cases = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/remote-reports/TEST-remote-pytest-gpu.xml'))
        .'**'.findAll { it.name() == 'testcase' }
assert cases*.@name*.toString() == ['test_multiply']
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }
assert calls.size() == 1
def remote = new JsonSlurper().parseText(calls[0]).argv[5]
def parts = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy')).split(remote)
assert parts.program.endsWith(' python -m pytest tests/test_math.py::test_multiply --junitxml=' + parts.report)
true
