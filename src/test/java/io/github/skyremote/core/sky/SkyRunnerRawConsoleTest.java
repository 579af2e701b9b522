package io.github.skyremote.core.sky;

import io.github.skyremote.core.RecordingLog;
import io.github.skyremote.core.job.JobEpilogue;
import io.github.skyremote.core.process.ProcessLauncher;
import io.github.skyremote.core.process.SecretMasker;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code withRawConsole}: stdout goes to the console as it arrives, lines are still parsed and logged to file. */
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
        SkyRunner.Settings settings = new SkyRunner.Settings(0, logFile, true, "", SecretMasker.NONE,
                p -> Optional.empty()).withRawConsole(new PrintStream(console, true, StandardCharsets.UTF_8));

        SkyRunResult result = new SkyRunner(ProcessLauncher.SYSTEM, tmp, log)
                .run(new SkyCommand(List.of("/bin/bash", "-c", script)), settings);

        assertEquals(100, result.exitCode());
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
        SkyRunner.Settings settings = new SkyRunner.Settings(0, logFile, true, "", SecretMasker.NONE,
                p -> Optional.empty()).intercepting(epilogue)
                .withRawConsole(new PrintStream(console, true, StandardCharsets.UTF_8));
        new SkyRunner(ProcessLauncher.SYSTEM, tmp, new RecordingLog())
                .run(new SkyCommand(List.of("/bin/bash", "-c", script)), settings);
        assertEquals(java.util.OptionalInt.of(4), epilogue.exitStatus());
        assertEquals(List.of("(sky-cmd, pid=1) working"), SkyRunnerTest.jobLines(logFile));
        assertTrue(console.toString(StandardCharsets.UTF_8).contains(frame), "the raw console gets sky's bytes");
    }

    @Test
    void tailRingKeepsTheLastLinesInOrderAcrossWrapsAndGrowth() {
        SkyRunner.TailRing ring = new SkyRunner.TailRing(3);
        for (int i = 0; i < 7; i++) {
            byte[] line = ("line " + i + "x".repeat(i == 5 ? 300 : 0)).getBytes(StandardCharsets.UTF_8);
            ring.add(line, line.length);
        }
        assertEquals(List.of("line 4", "line 5" + "x".repeat(300), "line 6"), ring.lines());
        assertEquals(List.of(), new SkyRunner.TailRing(3).lines());
    }

    @Test
    void onlyColouredLinesAndJobLinesNeedText() {
        assertTrue(needsText("\u001b[1mhello"));
        assertTrue(needsText("⚙︎ Job submitted, ID: 7"));
        assertTrue(needsText("ERROR: Job 7 failed with return code list: [1]"));
        assertEquals(false, needsText("(sky-cmd, pid=1) step 10 loss 0.25"));
        assertEquals(false, needsText("Jo"));
        assertTrue(needsText("(sky-cmd, pid=1) @@remote-maven-plugin:x:exit:0@@"), "a frame of the job's epilogue");
        assertEquals(false, needsText("user@host"));
    }

    private static boolean needsText(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return SkyRunner.needsText(bytes, bytes.length);
    }
}
