import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
assert calls.size() == 4 && calls.every { it[0] == 'exec' && it[1] == 'gpu-demo-12345' }
['a', 'b', 'c', 'd'].each { m ->
    def whole = ~/\[INFO\] \[module-${m}\] \(sky-cmd, pid=\d+\) module-${m} line (\d{3}) ${m}{120} end/
    def lines = log.readLines().findAll { it.contains("module-${m} line ") && !it.contains('Running ') && !it.contains('Command to run') }
    assert lines.size() == 300 : "module-${m}: ${lines.size()} lines"
    lines.each { assert it ==~ whole : "broken line: ${it}" }
    def own = new File(basedir, "module-${m}/target/remote/exec-job.log")
    assert own.isFile() : 'each module has its own log file'
    def ownText = own.getText('UTF-8')
    assert ownText.readLines().count { it.contains("module-${m} line ") } == 300
    ['a', 'b', 'c', 'd'].findAll { it != m }.each { other -> assert !ownText.contains("module-${other} line ") }
}
true
