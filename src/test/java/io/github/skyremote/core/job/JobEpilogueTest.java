package io.github.skyremote.core.job;

import io.github.skyremote.core.sky.ShellWords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobEpilogueTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String EXIT = "@@remote-maven-plugin:" + TOKEN + ":exit:";
    private static final String BEGIN = "@@remote-maven-plugin:" + TOKEN + ":report:begin@@";
    private static final String END = "@@remote-maven-plugin:" + TOKEN + ":report:end@@";
    private static final String PREFIX = "(sky-cmd, pid=4242) ";

    @TempDir
    Path tmp;

    private static JobEpilogue epilogue() {
        return new JobEpilogue(TOKEN, "fedcba9876543210fedcba9876543210");
    }

    /**
     * Feeds lines as sky shows them (each with the job prefix), as the runner does: only those that
     * {@link JobEpilogue#concerns concern} it; returns what is left of them to show.
     */
    private static List<String> feed(JobEpilogue epilogue, String... lines) {
        List<String> shown = new ArrayList<>();
        for (String line : lines) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            String kept = epilogue.concerns(bytes, bytes.length) ? epilogue.intercept(line) : null;
            if (kept == null) {
                shown.add(line);
            } else if (!kept.isEmpty()) {
                shown.add(kept);
            }
        }
        return shown;
    }

    private static boolean concerns(JobEpilogue epilogue, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return epilogue.concerns(bytes, bytes.length);
    }

    @Test
    void onlyFramesAndTheLinesOfAReportConcernIt() {
        JobEpilogue epilogue = epilogue();
        assertFalse(concerns(epilogue, PREFIX + "step 10 loss 0.25"));
        assertFalse(concerns(epilogue, "user@host"));
        assertTrue(concerns(epilogue, PREFIX + EXIT + "0@@"));
        feed(epilogue, PREFIX + EXIT + "0@@", PREFIX + BEGIN);
        assertTrue(concerns(epilogue, PREFIX + "PD94bWwgdmVyc2lvbj0iMS4wIj8+"), "base64 inside the report");
        feed(epilogue, PREFIX + END);
        assertFalse(concerns(epilogue, PREFIX + "PD94bWwgdmVyc2lvbj0iMS4wIj8+"), "after the report");
    }

    private static List<String> report(String xml) {
        List<String> lines = new ArrayList<>();
        lines.add(PREFIX + BEGIN);
        String encoded = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(xml.getBytes(StandardCharsets.UTF_8));
        for (String part : encoded.split("\n")) {
            lines.add(PREFIX + part);
        }
        lines.add(PREFIX + END);
        return lines;
    }

    /** Runs the wrapped command in a real bash, as the cluster does, and feeds its stdout to the epilogue. */
    private List<String> runInBash(JobEpilogue epilogue, String command, boolean sendReport, int expectedExit)
            throws Exception {
        Process bash = new ProcessBuilder("bash", "-c", epilogue.wrap(command, sendReport)).directory(tmp.toFile())
                .redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(expectedExit, bash.waitFor(), out);
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n", -1)) {
            if (!line.isEmpty()) {
                lines.add(PREFIX + line);
            }
        }
        return feed(epilogue, lines.toArray(String[]::new));
    }

    @Test
    void wrapsTheCommandWithTheExitFrameAndKeepsTheExitStatus() {
        assertEquals("uv run python x.py; rmp_rc=$?; echo " + EXIT + "${rmp_rc}@@; exit $rmp_rc",
                epilogue().wrap("uv run python x.py", false));
        assertEquals("uv run python -m pytest; rmp_rc=$?; echo " + EXIT + "${rmp_rc}@@; if [ -f"
                + " /tmp/remote-maven-plugin-fedcba9876543210fedcba9876543210/report.xml ]; then echo " + BEGIN
                + "; base64 /tmp/remote-maven-plugin-fedcba9876543210fedcba9876543210/report.xml; echo " + END
                + "; fi; rm -rf /tmp/remote-maven-plugin-fedcba9876543210fedcba9876543210; exit $rmp_rc",
                epilogue().wrap("uv run python -m pytest", true));
    }

    @Test
    void theExitStatusComesBackFromARealShellAndTheFrameIsNotShown() throws Exception {
        JobEpilogue epilogue = epilogue();
        List<String> shown = runInBash(epilogue, "echo working; (exit 3)", false, 3);
        assertEquals(List.of(PREFIX + "working"), shown);
        assertEquals(OptionalInt.of(3), epilogue.exitStatus());

        JobEpilogue ok = epilogue();
        assertEquals(List.of(PREFIX + "fine"), runInBash(ok, "echo fine", false, 0));
        assertEquals(OptionalInt.of(0), ok.exitStatus());
    }

    @Test
    void theReportComesBackFromARealShellAndItsDirectoryIsRemoved() throws Exception {
        JobEpilogue epilogue = JobEpilogue.create();
        Path file = Path.of(epilogue.reportFile());
        String xml = "<testsuites><testsuite name=\"é\"/></testsuites>\n".repeat(40);
        Files.writeString(tmp.resolve("report.src"), xml, StandardCharsets.UTF_8);
        // The program makes the report's directory, as pytest does.
        String program = "mkdir -p " + ShellWords.quote(file.getParent().toString()) + " && cp report.src "
                + ShellWords.quote(file.toString()) + " && echo tests done; (exit 1)";
        List<String> shown = runInBash(epilogue, program, true, 1);
        assertEquals(List.of(PREFIX + "tests done"), shown);
        assertEquals(OptionalInt.of(1), epilogue.exitStatus());
        assertTrue(epilogue.reportReceived());
        assertEquals(xml, new String(epilogue.report(), StandardCharsets.UTF_8));
        assertFalse(Files.exists(file.getParent()), "the report's directory is removed");
    }

    @Test
    void noReportFileNoReport() throws Exception {
        JobEpilogue epilogue = JobEpilogue.create();
        assertEquals(List.of(), runInBash(epilogue, "(exit 4)", true, 4));
        assertEquals(OptionalInt.of(4), epilogue.exitStatus());
        assertFalse(epilogue.reportReceived());
    }

    @Test
    void theTestsCannotSeeTheToken() {
        // The report's path is in pytest's argv: it must not carry the token of the frames.
        for (int i = 0; i < 20; i++) {
            JobEpilogue epilogue = JobEpilogue.create();
            String command = epilogue.wrap("true", true);
            String token = command.substring(command.indexOf("@@remote-maven-plugin:") + 22, command.indexOf(":exit:"));
            assertEquals(32, token.length());
            assertFalse(epilogue.reportFile().contains(token), epilogue.reportFile());
            assertNotEquals(JobEpilogue.create().reportFile(), epilogue.reportFile());
        }
    }

    @Test
    void framesPrintedBeforeTheLastExitFrameAreIgnoredEvenWithTheRightToken() throws IOException {
        JobEpilogue epilogue = epilogue();
        List<String> lines = new ArrayList<>();
        // A test that knows the token prints a whole forged epilogue while pytest still runs...
        lines.add(PREFIX + EXIT + "0@@");
        lines.addAll(report("<forged/>"));
        // ... and a begin marker that is never closed.
        lines.add(PREFIX + EXIT + "0@@");
        lines.add(PREFIX + BEGIN);
        lines.add(PREFIX + "PD94bWwg");
        // Then pytest exits 1 and the outer shell prints the real epilogue.
        lines.add(PREFIX + EXIT + "1@@");
        lines.addAll(report("<real/>"));
        feed(epilogue, lines.toArray(String[]::new));
        assertTrue(epilogue.reportReceived());
        assertEquals("<real/>", new String(epilogue.report(), StandardCharsets.UTF_8));
        assertEquals(OptionalInt.of(1), epilogue.exitStatus());
    }

    @Test
    void aReportThatDoesNotFollowAnExitFrameIsNotTaken() {
        JobEpilogue epilogue = epilogue();
        List<String> forged = report("<forged/>");
        assertEquals(forged, feed(epilogue, forged.toArray(String[]::new)), "not ours: shown as it is");
        assertFalse(epilogue.reportReceived());
        assertEquals(OptionalInt.empty(), epilogue.exitStatus());
    }

    @Test
    void aLaterExitFrameDiscardsAReportBeforeIt() {
        JobEpilogue epilogue = epilogue();
        List<String> lines = new ArrayList<>();
        lines.add(PREFIX + EXIT + "0@@");
        lines.addAll(report("<early/>"));
        lines.add(PREFIX + EXIT + "0@@");
        feed(epilogue, lines.toArray(String[]::new));
        assertFalse(epilogue.reportReceived());
    }

    @Test
    void framesWithAnotherTokenAreOrdinaryOutput() {
        JobEpilogue epilogue = epilogue();
        String other = "@@remote-maven-plugin:ffffffffffffffffffffffffffffffff:exit:0@@";
        assertEquals(List.of(PREFIX + other), feed(epilogue, PREFIX + other));
        assertEquals(OptionalInt.empty(), epilogue.exitStatus());
    }

    @Test
    void outputWithoutANewlineBeforeTheFrameIsKept() {
        JobEpilogue epilogue = epilogue();
        assertEquals("(sky-cmd, pid=4242) 50% done", epilogue.intercept(PREFIX + "50% done" + EXIT + "2@@"));
        assertEquals("", epilogue.intercept("(worker1, rank=1, pid=7, ip=10.0.0.2) " + EXIT + "0@@"));
        assertEquals("", epilogue.intercept(EXIT + "0@@"));
        assertEquals(OptionalInt.of(2), epilogue.exitStatus(), "the first non-zero code of all nodes");
        assertNull(epilogue.intercept(PREFIX + EXIT + "x@@"), "not a code");
    }
}
