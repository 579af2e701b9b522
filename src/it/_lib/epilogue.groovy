// The remote command is the program followed by the plugin's epilogue (core/JobEpilogue.java), which prints the
// program's exit status and, for pytest, the report, framed by the run's token. Use:
//   def epilogue = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy'))
//   def parts = epilogue.split(remote)   // [program:, token:] and for pytest [report:, reportDir:]
import java.util.regex.Pattern

def EXIT = '; rmp_rc=\\$\\?; echo @@remote-maven-plugin:([0-9a-f]{32}):exit:\\$\\{rmp_rc\\}@@'

def split = { String remote ->
    def exec = Pattern.compile('(?s)^(.*)' + EXIT + '; exit \\$rmp_rc$').matcher(remote)
    if (exec.matches()) {
        return [program: exec.group(1), token: exec.group(2)]
    }
    def pytest = Pattern.compile('(?s)^(.*)' + EXIT + '; if \\[ -f (\\S+) \\]; then echo @@remote-maven-plugin:\\2:report:begin@@;'
            + ' base64 \\3; echo @@remote-maven-plugin:\\2:report:end@@; fi; rm -rf (\\S+); exit \\$rmp_rc$').matcher(remote)
    assert pytest.matches() : "no epilogue at the end of the remote command: ${remote}"
    return [program: pytest.group(1), token: pytest.group(2), report: pytest.group(3), reportDir: pytest.group(4)]
}

/** No line the job printed that carries a frame of the epilogue is shown or logged (the command's echo aside). */
def noFrameShown = { String text ->
    text.readLines().findAll { it.contains('@@remote-maven-plugin:') }.each { line ->
        assert line.contains('; rmp_rc=$?; echo @@remote-maven-plugin:') : "a frame outside the command's echo: ${line}"
        assert !(line =~ /@@remote-maven-plugin:[0-9a-f]{32}:(exit:\d+|report:begin|report:end)@@\s*$/) : line
    }
    true
}

[split: split, noFrameShown: noFrameShown]
