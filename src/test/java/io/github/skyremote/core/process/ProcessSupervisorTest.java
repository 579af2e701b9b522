package io.github.skyremote.core.process;

import static io.github.skyremote.core.process.Scripts.eventually;
import static io.github.skyremote.core.process.Scripts.jobLines;
import static io.github.skyremote.core.process.Scripts.pid;
import static io.github.skyremote.core.process.Scripts.q;
import static io.github.skyremote.core.process.Scripts.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.skyremote.core.RecordingLog;
import io.github.skyremote.core.process.ScriptedLauncher.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor alone: bash scripts and a {@link ScriptedLauncher} stand in for the processes it runs. */
class ProcessSupervisorTest {
    private static final String SECRET = "hf_SuperSecretValue123";

    @TempDir
    Path tmp;

    private final RecordingLog log = new RecordingLog();

    private ProcessSupervisor supervisor() {
        return new ProcessSupervisor(ProcessLauncher.SYSTEM, tmp, log, 10);
    }

    private static OutputSpec spec(OutputMode mode, boolean stripAnsi, Path logFile, String prefix,
            SecretMasker masker) {
        return new OutputSpec(mode, prefix, stripAnsi, masker, logFile, LineHook.NONE);
    }

    private static OutputSpec shown(boolean stripAnsi) {
        return spec(OutputMode.SHOWN, stripAnsi, null, "", SecretMasker.NONE);
    }

    private static ProcessCommand command(Path script, String... args) {
        List<String> argv = new ArrayList<>(List.of(script.toString()));
        argv.addAll(List.of(args));
        return new ProcessCommand(argv, String.join(" ", argv), Map.of());
    }

    private ProcessSupervisor.Result run(Path script, OutputSpec spec) throws Exception {
        return supervisor().run(command(script), 0, spec, Supervision.NONE);
    }

    private Path script(String name, String body) throws IOException {
        return Scripts.script(tmp, name, body);
    }

    /** Records each stop and runs the clean-up command given, if any. */
    private static final class RecordingSupervision implements Supervision {
        final List<Stop> stops = Collections.synchronizedList(new ArrayList<>());
        final AtomicReference<Outcome> cleanupOutcome = new AtomicReference<>();
        final AtomicInteger outputs = new AtomicInteger();
        private final ProcessCommand cleanup;
        private final boolean interruptOnExit1;

        RecordingSupervision(ProcessCommand cleanup, boolean interruptOnExit1) {
            this.cleanup = cleanup;
            this.interruptOnExit1 = interruptOnExit1;
        }

        @Override
        public String stopped(Stop stop, CleanupRunner runner) {
            stops.add(stop);
            if (cleanup == null) {
                return "nothing to clean up";
            }
            try {
                cleanupOutcome.set(runner.run(cleanup));
            } catch (IOException e) {
                return "could not: " + e.getMessage();
            }
            return "cleaned up: " + cleanupOutcome.get();
        }

        @Override
        public boolean endedByInterrupt(int exitCode) {
            return interruptOnExit1 && exitCode == 1;
        }

        @Override
        public void output() {
            outputs.incrementAndGet();
        }
    }

    @Test
    void linesFromBothStreamsReachTheLogInOrderPerStream() throws Exception {
        Path p = script("p", "for i in $(seq 1 300); do echo \"out $i\"; echo \"err $i\" >&2; done");
        ProcessSupervisor.Result result = run(p, shown(true));
        assertEquals(new Outcome.Exited(0), result.outcome());
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            out.add("out " + i);
            err.add("err " + i);
        }
        assertEquals(out, log.info());
        assertEquals(err, log.warn());
        assertEquals("", result.cleanup());
        assertEquals(30, result.tail().size());
        assertTrue(result.outputFailure().isEmpty());
    }

    @Test
    void theExitCodeAndTheTailComeBack() throws Exception {
        ProcessSupervisor.Result result = run(script("p", "echo bye; exit 3"), shown(true));
        assertEquals(new Outcome.Exited(3), result.outcome());
        assertEquals(List.of("bye"), result.tail());
    }

    @Test
    void ansiIsStrippedWhenAskedAndAlwaysInTheTail() throws Exception {
        Path p = script("p", "printf '\\033[1mbold\\033[0m\\n'");
        run(p, shown(true));
        assertEquals(List.of("bold"), log.info());
        RecordingLog coloured = new RecordingLog();
        ProcessSupervisor.Result result = new ProcessSupervisor(ProcessLauncher.SYSTEM, tmp, coloured, 10)
                .run(command(p), 0, shown(false), Supervision.NONE);
        assertEquals(List.of("\u001b[1mbold\u001b[0m"), coloured.info());
        assertEquals(List.of("bold"), result.tail());
    }

    @Test
    void logFileHasEveryLinePlain() throws Exception {
        Path p = script("p", String.join("\n",
                "for i in $(seq 1 50); do echo \"out $i\"; echo \"err $i\" >&2; done",
                "printf '\\033[32mgreen é 😀\\033[0m\\n'"));
        Path logFile = tmp.resolve("target/remote/deep/exec.log");
        run(p, spec(OutputMode.SHOWN, false, logFile, "", SecretMasker.NONE));
        List<String> lines = jobLines(logFile);
        assertEquals(101, lines.size());
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            out.add("out " + i);
            err.add("err " + i);
        }
        out.add("green é 😀");
        assertEquals(out, lines.stream().filter(l -> !l.startsWith("err ")).toList());
        assertEquals(err, lines.stream().filter(l -> l.startsWith("err ")).toList());
    }

    @Test
    void linePrefixIsShownButNotLogged() throws Exception {
        Path logFile = tmp.resolve("prefixed.log");
        run(script("p", "echo hello; echo oops >&2"),
                spec(OutputMode.SHOWN, true, logFile, "[module-a] ", SecretMasker.NONE));
        assertEquals(List.of("[module-a] hello"), log.info());
        assertEquals(List.of("[module-a] oops"), log.warn());
        assertEquals(List.of("hello", "oops"), jobLines(logFile).stream().sorted().toList());
    }

    @Test
    void secretValuesNeverReachTheLogTheTailOrTheLogFile() throws Exception {
        Path p = script("p", String.join("\n",
                "echo \"token=" + SECRET + "\"",
                "echo \"stderr " + SECRET + " again " + SECRET + "\" >&2",
                "printf '\\033[31m" + SECRET + "\\033[0m\\n'"));
        Path logFile = tmp.resolve("secret.log");
        SecretMasker masker = new SecretMasker(List.of(SECRET));
        for (boolean strip : new boolean[] {true, false}) {
            ProcessSupervisor.Result result = run(p, spec(OutputMode.SHOWN, strip, logFile, "", masker));
            String file = Files.readString(logFile, StandardCharsets.UTF_8);
            assertFalse(file.contains(SECRET), file);
            assertTrue(file.contains("token=****"), file);
            for (String line : log.all()) {
                assertFalse(line.contains(SECRET), line);
            }
            for (String line : result.tail()) {
                assertFalse(line.contains(SECRET), line);
            }
            assertTrue(log.info().contains("token=****"));
            assertTrue(log.warn().contains("stderr **** again ****"));
        }
    }

    @Test
    void eachLineOfAMultiLineSecretIsMasked() throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n  kjH7cXyZ0a1b2c3d4e5f  \n-----END PRIVATE"
                + " KEY-----\n";
        Path key = tmp.resolve("key.pem");
        Files.writeString(key, "line before\n" + pem + "line after\n", StandardCharsets.UTF_8);
        Path logFile = tmp.resolve("pem.log");
        run(script("p", "cat " + q(key) + "; cat " + q(key) + " >&2"),
                spec(OutputMode.SHOWN, true, logFile, "", new SecretMasker(List.of(pem))));
        List<String> everything = new ArrayList<>(log.all());
        everything.add(Files.readString(logFile, StandardCharsets.UTF_8));
        for (String text : everything) {
            for (String part : List.of("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "kjH7cXyZ0a1b2c3d4e5f", "BEGIN PRIVATE KEY")) {
                assertFalse(text.contains(part), text);
            }
        }
        assertEquals(List.of("line before", "****", "****", "  ****  ", "****", "line after"), log.info());
    }

    @Test
    void aSecretCutByTheLineCapIsStillMasked() throws Exception {
        int cap = LineSplitter.DEFAULT_MAX_LINE_BYTES;
        for (int inFirstPiece : new int[] {1, 5, SECRET.length() - 1}) {
            RecordingLog pieces = new RecordingLog();
            Path logFile = tmp.resolve("cut-" + inFirstPiece + ".log");
            String before = "x".repeat(cap - inFirstPiece);
            Path p = script("p-cut", "head -c " + before.length() + " /dev/zero | tr '\\0' x; printf '"
                    + SECRET + "yyy\\n'");
            new ProcessSupervisor(ProcessLauncher.SYSTEM, tmp, pieces, 10).run(command(p), 0, spec(OutputMode.SHOWN,
                    true, logFile, "", new SecretMasker(List.of(SECRET, "zz_other_secret"))), Supervision.NONE);
            assertTrue(pieces.info().size() > 1, "the line came in pieces");
            for (String piece : pieces.info()) {
                assertFalse(piece.contains(SECRET.substring(inFirstPiece)), "the part after the cut is shown");
            }
            assertEquals(before + "****yyy", String.join("", pieces.info()));
            assertEquals(before + "****yyy", String.join("", jobLines(logFile)));
        }
    }

    @Test
    void aSecretBrokenUpByColourCodesIsNotShownWithItsColours() throws Exception {
        Path p = script("p", String.join("\n",
                "printf 'token=" + SECRET.substring(0, 6) + "\\033[1m" + SECRET.substring(6) + "\\033[0m\\n'",
                "printf '\\033[1mbold\\033[0m and " + SECRET.substring(0, 3) + "\\033[31m" + SECRET.substring(3)
                        + "\\n' >&2",
                "printf '\\033[32mgreen\\033[0m\\n'"));
        Path logFile = tmp.resolve("colours.log");
        run(p, spec(OutputMode.SHOWN, false, logFile, "", new SecretMasker(List.of(SECRET))));
        assertEquals(List.of("token=****", "\u001b[32mgreen\u001b[0m"), log.info(), "shown stripped and masked;"
                + " a line without a secret keeps its colours");
        assertEquals(List.of("bold and ****"), log.warn());
        assertEquals(List.of("bold and ****", "green", "token=****"), jobLines(logFile).stream().sorted().toList());
    }

    @Test
    void theHookSeesLinesUnmaskedAndTakesSomeOut() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        LineHook hook = new LineHook() {
            @Override
            public boolean concerns(byte[] line, int length, boolean stderr) {
                return true;
            }

            @Override
            public String line(String plain, boolean stderr, boolean whole) {
                seen.add((stderr ? "err:" : "out:") + plain);
                return plain.startsWith("frame") ? "" : plain.startsWith("half") ? "kept part" : null;
            }
        };
        Path logFile = tmp.resolve("hook.log");
        supervisor().run(command(script("p", "echo 'id 1234'; echo frame; echo half-frame; echo 'e 1234' >&2")), 0,
                new OutputSpec(OutputMode.SHOWN, "", true, new SecretMasker(List.of("1234")), logFile, hook),
                Supervision.NONE);
        assertEquals(List.of("out:id 1234", "out:frame", "out:half-frame"),
                seen.stream().filter(s -> s.startsWith("out:")).toList(), "unmasked, in order");
        assertTrue(seen.contains("err:e 1234"));
        assertEquals(List.of("id ****", "kept part"), log.info());
        assertEquals(List.of("e ****", "id ****", "kept part"), jobLines(logFile).stream().sorted().toList());
    }

    @Test
    void everyRunOfASupervisorIsKeptInItsLogFileUnderAHeader() throws Exception {
        Path logFile = tmp.resolve("target/remote/provision-x.log");
        Files.createDirectories(logFile.getParent());
        Files.writeString(logFile, "from an earlier build\n");
        Path first = script("first", "echo 'ResourcesUnavailableError: no H100 anywhere' >&2; exit 1");
        Path second = script("second", "echo 'Terminating cluster c...done.'");
        ProcessSupervisor goal = supervisor();
        OutputSpec spec = spec(OutputMode.SHOWN, true, logFile, "", new SecretMasker(List.of("sec-value")));
        goal.run(command(first, "--env", "sec-value"), 0, spec, Supervision.NONE);
        goal.run(command(second), 0, spec, Supervision.NONE);
        List<String> lines = Files.readAllLines(logFile);
        assertEquals(4, lines.size(), lines.toString());
        String time = " \\(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)";
        assertTrue(lines.get(0).matches(java.util.regex.Pattern.quote("=== " + first + " --env ****") + time),
                "masked header: " + lines.get(0));
        assertEquals("ResourcesUnavailableError: no H100 anywhere", lines.get(1));
        assertTrue(lines.get(2).matches(java.util.regex.Pattern.quote("=== " + second) + time), lines.get(2));
        assertEquals("Terminating cluster c...done.", lines.get(3));

        // The next goal execution (a new supervisor) starts the file afresh.
        supervisor().run(command(second), 0, spec, Supervision.NONE);
        lines = Files.readAllLines(logFile);
        assertEquals(2, lines.size(), lines.toString());
    }

    @Test
    void stdinIsEmpty() throws Exception {
        // With an open stdin the read would block until the timeout; with /dev/null it sees EOF at once.
        ProcessSupervisor.Result result = supervisor().run(command(script("p",
                "if read -r line; then echo \"got:$line\"; else echo eof; fi")), 20, shown(true), Supervision.NONE);
        assertEquals(new Outcome.Exited(0), result.outcome(), "the child waited on stdin");
        assertEquals(List.of("eof"), log.info());
    }

    @Test
    void invalidUtf8DoesNotCrashTheSupervisor() throws Exception {
        ProcessSupervisor.Result result = run(script("p", "printf 'a\\xff\\xfeb\\n'; printf '\\xc3\\n' >&2; echo 'ok é'"),
                shown(true));
        assertEquals(new Outcome.Exited(0), result.outcome());
        assertEquals(List.of("a\uFFFD\uFFFDb", "ok é"), log.info());
        assertEquals(List.of("\uFFFD"), log.warn());
    }

    @Test
    void megabyteLineWithoutNewlineComesInPieces() throws Exception {
        String[] chars = {"x", "é", "€", "😀", "e\u0301"};
        Random random = new Random(5);
        StringBuilder text = new StringBuilder();
        int bytes = 0;
        while (bytes < 1024 * 1024) {
            String c = chars[random.nextInt(chars.length)];
            text.append(c);
            bytes += c.getBytes(StandardCharsets.UTF_8).length;
        }
        Path data = tmp.resolve("line.txt");
        Files.writeString(data, text, StandardCharsets.UTF_8);
        Path logFile = tmp.resolve("big.log");
        ProcessSupervisor.Result result = run(script("p", "cat " + q(data)),
                spec(OutputMode.SHOWN, true, logFile, "", SecretMasker.NONE));
        assertEquals(new Outcome.Exited(0), result.outcome());
        List<String> pieces = log.info();
        assertTrue(pieces.size() > 1);
        StringBuilder joined = new StringBuilder();
        for (String piece : pieces) {
            assertTrue(piece.getBytes(StandardCharsets.UTF_8).length <= LineSplitter.DEFAULT_MAX_LINE_BYTES);
            assertFalse(piece.contains("\uFFFD"));
            joined.append(piece);
        }
        assertEquals(text.toString(), joined.toString());
        assertEquals(text.toString(), String.join("", jobLines(logFile)));
        assertTrue(result.tail().size() <= 30);
    }

    @Test
    void capturedOutputIsReturnedUnmaskedAndShownAtDebugOnlyMasked() throws Exception {
        ProcessSupervisor.Result result = run(script("p", "echo '[{\"name\": \"c\", \"to_down\": true}]'; echo warn >&2"),
                spec(OutputMode.CAPTURED, true, null, "", new SecretMasker(List.of("true"))));
        assertEquals(List.of("[{\"name\": \"c\", \"to_down\": true}]"), result.captured());
        assertEquals(List.of(), log.info());
        assertEquals(List.of("warn"), log.warn());
        assertTrue(log.debug.contains("[{\"name\": \"c\", \"to_down\": ****}]"), log.debug.toString());
        assertFalse(log.debug.stream().anyMatch(line -> line.contains("true")), log.debug.toString());
    }

    @Test
    void anUnwritableLogFileFailsBeforeAnythingStarts() throws Exception {
        Path blocker = tmp.resolve("file");
        Files.writeString(blocker, "");
        Path ran = tmp.resolve("ran");
        Path logFile = blocker.resolve("sub/x.log");
        LogFileException e = assertThrows(LogFileException.class, () -> run(script("p", "touch " + q(ran)),
                spec(OutputMode.SHOWN, true, logFile, "", SecretMasker.NONE)));
        assertEquals(logFile, e.file());
        assertFalse(Files.exists(ran), "the process ran although the log file could not be opened");
    }

    @Test
    void aProcessThatCannotStartIsAnIOException() {
        assertThrows(IOException.class, () -> run(tmp.resolve("no-such-program"), shown(true)));
    }

    @Test
    void theSupervisionHearsOfOutput() throws Exception {
        RecordingSupervision supervision = new RecordingSupervision(null, false);
        supervisor().run(command(script("p", "echo one; sleep 0.2; echo two >&2")), 0, shown(true), supervision);
        assertTrue(supervision.outputs.get() >= 2, "reads with bytes: " + supervision.outputs.get());
        assertEquals(List.of(), supervision.stops, "an ordinary end stops nothing");
    }

    @Test
    void aTimeoutKillsTheWholeTreeAndRunsTheCleanupUnderItsOwnHeader() throws Exception {
        Path childPid = tmp.resolve("child.pid");
        Path parentPid = tmp.resolve("parent.pid");
        Path logFile = tmp.resolve("timeout.log");
        Path p = script("p", String.join("\n",
                "sleep 300 &",
                "echo $! > " + q(childPid),
                "echo $$ > " + q(parentPid),
                "echo started",
                "sleep 300"));
        RecordingSupervision supervision = new RecordingSupervision(command(script("clean", "echo cleaning")), false);
        ProcessSupervisor.Result result = supervisor().run(command(p), 1,
                spec(OutputMode.SHOWN, true, logFile, "", SecretMasker.NONE), supervision);

        assertEquals(new Outcome.TimedOut(1), result.outcome());
        assertEquals(1, supervision.stops.size());
        Supervision.Stop stop = supervision.stops.get(0);
        assertEquals(Supervision.Reason.TIMEOUT, stop.reason());
        assertTrue(stop.exitCode().isEmpty(), "it was killed, not ended");
        assertEquals(new Outcome.Exited(0), supervision.cleanupOutcome.get());
        assertEquals("cleaned up: Exited[code=0]", result.cleanup());
        assertEquals(List.of("started", "cleaning"), log.info());
        List<String> lines = Files.readAllLines(logFile);
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(2).startsWith("=== " + tmp.resolve("clean") + " ("), lines.get(2));
        assertEquals("cleaning", lines.get(3));
        long parent = pid(parentPid);
        long child = pid(childPid);
        assertTrue(eventually(() -> !running(parent)), "the process " + parent + " is still running");
        assertTrue(eventually(() -> !running(child)), "its child " + child + " is still running");
    }

    @Test
    void aCleanupCommandIsBoundedToo() throws Exception {
        ScriptedLauncher sky = new ScriptedLauncher(tmp)
                .on("exec", Reply.hang())
                .on("cancel", Reply.hang());
        RecordingSupervision supervision = new RecordingSupervision(
                new ProcessCommand(List.of("sky", "cancel", "7"), "sky cancel 7", Map.of()), false);
        ProcessSupervisor.Result result = new ProcessSupervisor(sky, tmp, log, 1).run(
                new ProcessCommand(List.of("sky", "exec", "c"), "sky exec c", Map.of()), 1, shown(true), supervision);
        assertEquals(new Outcome.TimedOut(1), result.outcome());
        assertEquals(new Outcome.TimedOut(1), supervision.cleanupOutcome.get(), "the clean-up was killed at 1 s");
        assertEquals(List.of("exec", "cancel"), sky.subcommands());
    }

    @Test
    void anInterruptThatReachedTheProcessFirstIsCleanedUpAfter() throws Exception {
        ScriptedLauncher sky = new ScriptedLauncher(tmp)
                .on("exec", Reply.exit(1, "Aborted!\n"))
                .on("cancel", Reply.ok("cancelled\n"));
        RecordingSupervision supervision = new RecordingSupervision(
                new ProcessCommand(List.of("sky", "cancel", "7"), "sky cancel 7", Map.of()), true);
        ProcessSupervisor.Result result = new ProcessSupervisor(sky, tmp, log, 10).run(
                new ProcessCommand(List.of("sky", "exec", "c"), "sky exec c", Map.of()), 0, shown(true), supervision);
        assertEquals(new Outcome.Interrupted(), result.outcome());
        assertEquals(Supervision.Reason.INTERRUPT, supervision.stops.get(0).reason());
        assertEquals(1, supervision.stops.get(0).exitCode().getAsInt(), "it had ended on its own");
        assertEquals(List.of("exec", "cancel"), sky.subcommands());
    }

    @Test
    void anOrdinaryFailureIsAnExitCodeAndNoStop() throws Exception {
        ScriptedLauncher sky = new ScriptedLauncher(tmp).on("exec", Reply.exit(1, "ClusterNotUpError: not UP\n"));
        RecordingSupervision supervision = new RecordingSupervision(null, false);
        ProcessSupervisor.Result result = new ProcessSupervisor(sky, tmp, log, 10).run(
                new ProcessCommand(List.of("sky", "exec", "c"), "sky exec c", Map.of()), 0, shown(true), supervision);
        assertEquals(new Outcome.Exited(1), result.outcome());
        assertEquals(List.of(), supervision.stops);
        assertEquals(List.of("ClusterNotUpError: not UP"), log.warn());
    }

    @Test
    void aTimeoutWhileTheProcessWaitsIsSeenThroughAScriptedLauncher() throws Exception {
        ScriptedLauncher sky = new ScriptedLauncher(tmp).on("launch", Reply.ok("provisioning\n").after(30));
        RecordingSupervision supervision = new RecordingSupervision(null, false);
        ProcessSupervisor.Result result = new ProcessSupervisor(sky, tmp, log, 10).run(
                new ProcessCommand(List.of("sky", "launch"), "sky launch", Map.of()), 1, shown(true), supervision);
        assertEquals(new Outcome.TimedOut(1), result.outcome());
        assertEquals("nothing to clean up", result.cleanup());
        assertEquals(List.of(), log.info(), "killed before it printed");
    }

    @Test
    void anInterruptKillsTheTreeCleansUpAndKeepsTheInterruptStatus() throws Exception {
        Path childPid = tmp.resolve("child.pid");
        Path parentPid = tmp.resolve("parent.pid");
        Path p = script("p", String.join("\n",
                "sleep 300 &",
                "echo $! > " + q(childPid),
                "echo $$ > " + q(parentPid),
                "echo working",
                "sleep 300"));
        RecordingSupervision supervision = new RecordingSupervision(command(script("clean", "sleep 0.3")), false);
        AtomicReference<ProcessSupervisor.Result> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread build = new Thread(() -> {
            try {
                result.set(supervisor().run(command(p), 0, shown(true), supervision));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "build");
        build.start();
        assertTrue(eventually(() -> log.info().contains("working")), "the process never printed");
        build.interrupt();
        build.join(60_000);
        assertFalse(build.isAlive(), "run() did not return after the interrupt");
        assertNull(failure.get());
        assertEquals(new Outcome.Interrupted(), result.get().outcome());
        assertEquals(new Outcome.Exited(0), supervision.cleanupOutcome.get(), "the clean-up ran to its end");
        assertTrue(stillInterrupted.get(), "the caller's interrupt status was swallowed");
        long parent = pid(parentPid);
        long child = pid(childPid);
        assertTrue(eventually(() -> !running(parent)), "the process is still running");
        assertTrue(eventually(() -> !running(child)), "its child is still running");
    }

    /** Prints, then keeps printing: it ends by itself only long after the supervisor should have stopped it. */
    private Path keepsPrinting(Path parentPid, String bad) throws IOException {
        return script("p", String.join("\n",
                "echo $$ > " + q(parentPid),
                "echo " + q(bad),
                "for i in $(seq 1 5000); do echo \"line $i: $(printf '%0100d' 0)\"; done",
                "sleep 30"));
    }

    @Test
    void aFailingHookStopsTheProcessCleansUpAndThrows() throws Exception {
        Path parentPid = tmp.resolve("parent.pid");
        LineHook hook = new LineHook() {
            @Override
            public boolean concerns(byte[] line, int length, boolean stderr) {
                return true;
            }

            @Override
            public String line(String plain, boolean stderr, boolean whole) {
                if (plain.equals("boom")) {
                    throw new IllegalStateException("parser bug");
                }
                return null;
            }
        };
        RecordingSupervision supervision = new RecordingSupervision(command(script("clean", "true")), false);
        OutputLostException e = assertThrows(OutputLostException.class, () -> supervisor().run(
                command(keepsPrinting(parentPid, "boom")), 0,
                new OutputSpec(OutputMode.SHOWN, "", true, SecretMasker.NONE, null, hook), supervision));
        assertFalse(e.failure().logFile());
        assertEquals("a handler of its output failed (java.lang.IllegalStateException: parser bug)",
                e.failure().describe());
        assertEquals("cleaned up: Exited[code=0]", e.cleanup());
        assertEquals(Supervision.Reason.OUTPUT_FAILURE, supervision.stops.get(0).reason());
        long parent = pid(parentPid);
        assertTrue(eventually(() -> !running(parent)), "the process is still running");
    }

    @Test
    void aLogFileOnAFullDiskStopsTheProcessAndThrows() throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        Path parentPid = tmp.resolve("parent.pid");
        RecordingSupervision supervision = new RecordingSupervision(null, false);
        OutputLostException e = assertThrows(OutputLostException.class, () -> supervisor().run(
                command(keepsPrinting(parentPid, "fine")), 0,
                spec(OutputMode.SHOWN, true, full, "", SecretMasker.NONE), supervision));
        assertTrue(e.failure().logFile());
        assertEquals("the log file /dev/full could not be written (No space left on device)", e.failure().describe());
        long parent = pid(parentPid);
        assertTrue(eventually(() -> !running(parent)), "the process is still running");
    }

    @Test
    void aHookFailureAfterTheProcessEndedLeavesItsOutcome() throws Exception {
        LineHook slowThenFails = new LineHook() {
            @Override
            public boolean concerns(byte[] line, int length, boolean stderr) {
                return true;
            }

            @Override
            public String line(String plain, boolean stderr, boolean whole) {
                if (plain.equals("last")) {
                    try {
                        Thread.sleep(500); // the process has exited by now
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("late");
                }
                return null;
            }
        };
        RecordingSupervision supervision = new RecordingSupervision(null, false);
        ProcessSupervisor.Result result = supervisor().run(command(script("p", "echo last; exit 4")), 0,
                new OutputSpec(OutputMode.SHOWN, "", true, SecretMasker.NONE, null, slowThenFails), supervision);
        assertEquals(new Outcome.Exited(4), result.outcome());
        assertEquals("late", result.outputFailure().orElseThrow().cause().getMessage());
        assertEquals(List.of(), supervision.stops);
    }

    @Test
    void aTimeoutSparesDescendantsInTheirOwnSessionOrProcessGroup() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs /proc");
        Path own = tmp.resolve("own.pid");
        Path session = tmp.resolve("session.pid");
        Path below = tmp.resolve("below.pid");
        Path group = tmp.resolve("group.pid");
        // As SkyPilot starts its API server: a child with start_new_session=True, which has a child of its own.
        String server = "import os, subprocess, sys, time\n"
                + "os.setsid()\n"
                + "child = subprocess.Popen(['sleep', '300'])\n"
                + "open(sys.argv[1], 'w').write(str(os.getpid()))\n"
                + "open(sys.argv[2], 'w').write(str(child.pid))\n"
                + "time.sleep(300)\n";
        String grouped = "import os, sys, time\nos.setpgid(0, 0)\nopen(sys.argv[1], 'w').write(str(os.getpid()))\n"
                + "time.sleep(300)\n";
        String quiet = " </dev/null >/dev/null 2>&1 &";
        Path p = script("p", String.join("\n",
                "sleep 300 &",
                "echo $! > " + q(own),
                // Like the real server, neither holds the client's pipes (its output goes to a file).
                "python3 -c " + q(server) + " " + q(session) + " " + q(below) + quiet,
                "python3 -c " + q(grouped) + " " + q(group) + quiet,
                "while [ ! -s " + q(below) + " ] || [ ! -s " + q(group) + " ]; do sleep 0.05; done",
                "echo ready",
                "sleep 300"));
        List<Long> spared = new ArrayList<>();
        try {
            ProcessSupervisor.Result result = supervisor().run(command(p), 3, shown(true), Supervision.NONE);
            assertEquals(new Outcome.TimedOut(3), result.outcome());
            assertTrue(log.info().contains("ready"), "the children were not started in time: " + log.info());
            spared.addAll(List.of(pid(session), pid(below), pid(group)));
            long ownChild = pid(own);
            assertTrue(eventually(() -> !running(ownChild)), "the process's own child " + ownChild + " still runs");
            Thread.sleep(300);
            for (long pid : spared) {
                assertTrue(running(pid), "process " + pid + " in its own session or group was killed");
            }
        } finally {
            for (Path file : List.of(session, below, group)) {
                if (Files.exists(file) && !Files.readString(file).isBlank()) {
                    ProcessHandle.of(Long.parseLong(Files.readString(file).trim()))
                            .ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }
}
