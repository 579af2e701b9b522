package io.github.skyremote.core.sky;

import io.github.skyremote.core.RecordingLog;
import io.github.skyremote.core.job.JobEpilogue;
import io.github.skyremote.core.process.Outcome;
import io.github.skyremote.core.process.OutputMode;
import io.github.skyremote.core.process.ProcessLauncher;
import io.github.skyremote.core.process.Scripts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutputMode.Raw}: stdout goes to the console as it arrives, lines are still parsed and logged to file. */
class SkyRunnerRawConsoleTest {
    @TempDir
    Path tmp;

    @Test
    void stdoutReachesTheConsoleByteForByteAndIsStillParsedAndLogged() throws Exception {
        String script = "printf '\\033[1m⚙︎ Job submitted, ID: 7\\033[0m\\n'; "
                + "for i in 1 2 3; do printf '(sky-cmd, pid=1) line %s\\n' $i; done; "
                + "printf 'ERROR: Job 7 failed with return code list: [3]\\n'; "
                + "printf 'no newline at the end'; echo 'to stderr' >&2; exit 100";
        byte[] expected = ("\u001b[1m⚙︎ Job submitted, ID: 7\u001b[0m\n(sky-cmd, pid=1) line 1\n(sky-cmd, pid=1) line 2\n"
                + "(sky-cmd, pid=1) line 3\nERROR: Job 7 failed with return code list: [3]\nno newline at the end")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RecordingLog log = new RecordingLog();
        Path logFile = tmp.resolve("job.log");
        SkyRunSettings settings = SkyRunSettings.builder().logFile(logFile)
                .output(new OutputMode.Raw(new PrintStream(console, true, StandardCharsets.UTF_8))).build();

        SkyRunResult result = new SkyRunner(ProcessLauncher.SYSTEM, tmp, log)
                .run(new SkyCommand(List.of("/bin/bash", "-c", script)), settings);

        assertEquals(new Outcome.Exited(100), result.outcome());
        assertEquals(7, result.jobId().getAsLong());
        assertEquals(List.of(3), result.returnCodes());
        assertArrayEquals(expected, console.toByteArray(), "stdout passes unchanged, colours included");
        assertEquals(List.of(), log.info(), "stdout lines do not go through the logger as well");
        assertEquals(List.of("to stderr"), log.warn(), "stderr stays on the logger");
        String file = Files.readString(logFile, StandardCharsets.UTF_8);
        assertTrue(file.contains("⚙︎ Job submitted, ID: 7\n(sky-cmd, pid=1) line 1\n"), file);
        assertTrue(file.endsWith("no newline at the end\n") || file.contains("no newline at the end\n"), file);
        assertTrue(result.tail().contains("(sky-cmd, pid=1) line 3"));
    }

    @Test
    void theExitFrameIsReadAndKeptOutOfTheLogFileButReachesTheRawConsole() throws Exception {
        JobEpilogue epilogue = new JobEpilogue("0123456789abcdef0123456789abcdef", "r");
        String frame = "@@remote-maven-plugin:0123456789abcdef0123456789abcdef:exit:4@@";
        String script = "printf '(sky-cmd, pid=1) working\\n(sky-cmd, pid=1) " + frame + "\\n'";
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path logFile = tmp.resolve("frame.log");
        SkyRunSettings settings = SkyRunSettings.builder().logFile(logFile).interceptor(epilogue)
                .output(new OutputMode.Raw(new PrintStream(console, true, StandardCharsets.UTF_8))).build();
        new SkyRunner(ProcessLauncher.SYSTEM, tmp, new RecordingLog())
                .run(new SkyCommand(List.of("/bin/bash", "-c", script)), settings);
        assertEquals(java.util.OptionalInt.of(4), epilogue.exitStatus());
        assertEquals(List.of("(sky-cmd, pid=1) working"), Scripts.jobLines(logFile));
        assertTrue(console.toString(StandardCharsets.UTF_8).contains(frame), "the raw console gets sky's bytes");
    }
}
