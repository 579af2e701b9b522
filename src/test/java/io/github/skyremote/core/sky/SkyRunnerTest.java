package io.github.skyremote.core.sky;

import io.github.skyremote.core.RecordingLog;
import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.job.JobEpilogue;
import io.github.skyremote.core.job.JobOutcomes;
import io.github.skyremote.core.process.LineSplitter;
import io.github.skyremote.core.process.ProcessLauncher;
import io.github.skyremote.core.process.SecretMasker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real processes (bash scripts standing in for sky). */
class SkyRunnerTest {
    private static final String SECRET = "hf_SuperSecretValue123";

    @TempDir
    Path tmp;

    private final RecordingLog log = new RecordingLog();

    /** Collects what the runner reports, per level, in arrival order. */
    private Path script(String name, String body) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, "#!/bin/bash\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private SkyRunner runner() {
        return new SkyRunner(ProcessLauncher.SYSTEM, tmp, log, 10);
    }

    private static SkyRunner.Settings settings(boolean stripAnsi) {
        return new SkyRunner.Settings(0, null, stripAnsi, "", SecretMasker.NONE, p -> Optional.empty());
    }

    private SkyRunResult run(Path script, SkyRunner.Settings settings) throws SkyFailedException {
        return runner().run(new SkyCommand(List.of(script.toString())), settings);
    }

    private static String q(Path path) {
        return ShellWords.quote(path.toString());
    }

    /** Alive and not a zombie waiting to be reaped (a zombie has stopped running). */
    private static boolean running(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(Path.of("/proc/self/stat"))) {
            return true;
        }
        try {
            String text = Files.readString(stat);
            char state = text.charAt(text.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false; // gone while we looked
        }
    }

    /** Waits for a condition with a generous bound; the bound only keeps a broken build from hanging. */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    private static long pid(Path file) throws Exception {
        assertTrue(eventually(() -> {
            try {
                return Files.exists(file) && !Files.readString(file).isBlank();
            } catch (IOException e) {
                return false;
            }
        }), "pid file " + file);
        return Long.parseLong(Files.readString(file).trim());
    }

    /** The log file's lines after its one command header. */
    static List<String> jobLines(Path logFile) throws IOException {
        List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
        assertTrue(lines.get(0).startsWith("=== "), lines.get(0));
        return lines.subList(1, lines.size());
    }

    @Test
    void linesFromBothStreamsReachTheLogInOrderPerStream() throws Exception {
        Path sky = script("sky", "for i in $(seq 1 300); do echo \"out $i\"; echo \"err $i\" >&2; done");
        SkyRunResult result = run(sky, settings(true));
        assertEquals(0, result.exitCode());
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            out.add("out " + i);
            err.add("err " + i);
        }
        assertEquals(out, log.info());
        assertEquals(err, log.warn());
        assertFalse(result.timedOut());
        assertFalse(result.interrupted());
        assertEquals("", result.cleanup());
        assertEquals(30, result.tail().size());
    }

    @Test
    void exitCodeIsPassedThrough() throws Exception {
        SkyRunResult result = run(script("sky", "echo bye; exit 3"), settings(true));
        assertEquals(3, result.exitCode());
        assertEquals(List.of("bye"), result.tail());
        assertEquals(OptionalLong.empty(), result.jobId());
        assertEquals(List.of(), result.returnCodes());
    }

    @Test
    void ansiIsStrippedWhenAskedAndTheJobIdIsParsedEitherWay() throws Exception {
        Path sky = script("sky", "printf '\\033[1m⚙︎ Job submitted, ID: 7\\033[0m\\n'");
        SkyRunResult stripped = run(sky, settings(true));
        assertEquals(List.of("⚙︎ Job submitted, ID: 7"), log.info());
        assertEquals(OptionalLong.of(7), stripped.jobId());

        RecordingLog raw = new RecordingLog();
        SkyRunResult coloured = new SkyRunner(ProcessLauncher.SYSTEM, tmp, raw, 10)
                .run(new SkyCommand(List.of(sky.toString())), settings(false));
        assertEquals(List.of("\u001b[1m⚙︎ Job submitted, ID: 7\u001b[0m"), raw.info());
        assertEquals(OptionalLong.of(7), coloured.jobId());
        assertEquals(List.of("⚙︎ Job submitted, ID: 7"), coloured.tail());
    }

    @Test
    void returnCodesOfTheJobAreParsed() throws Exception {
        Path sky = script("sky", String.join("\n",
                "printf '\\033[1m⚙︎ Job submitted, ID: 7\\033[0m\\n'",
                "echo '(sky-cmd, pid=1234) Traceback (most recent call last):'",
                "echo 'ERROR: Job 8 failed with return code list: [9]'",
                "printf '\\033[31mERROR: Job 7 failed with return code list: [3]\\033[0m\\n'",
                "echo '✓ Job finished (status: FAILED).'",
                "exit 100"));
        SkyRunResult result = run(sky, settings(true));
        assertEquals(100, result.exitCode());
        assertEquals(OptionalLong.of(7), result.jobId());
        assertEquals(List.of(3), result.returnCodes());
        JobFailedException e = assertThrows(JobFailedException.class, () -> JobOutcomes.checkJob(result,
                new JobOutcomes.JobContext(new ClusterRef("gpu-x-12345", ".cluster_name_gpu", Device.GPU),
                        "train.py", tmp.resolve("run.log"))));
        assertEquals("Remote job 7 on gpu-x-12345 failed: train.py exited with code 3.", e.getMessage());
    }

    @Test
    void severalReturnCodes() throws Exception {
        Path sky = script("sky", "echo 'ERROR: Job 12 failed with return code list: [1, 137] (driver died)'");
        SkyRunResult result = run(sky, settings(true));
        assertEquals(List.of(1, 137), result.returnCodes());
    }

    @Test
    void logFileHasEveryLinePlain() throws Exception {
        Path sky = script("sky", String.join("\n",
                "for i in $(seq 1 50); do echo \"out $i\"; echo \"err $i\" >&2; done",
                "printf '\\033[32mgreen é 😀\\033[0m\\n'"));
        Path logFile = tmp.resolve("target/remote/deep/exec.log");
        SkyRunResult result = run(sky, settings(false).withLogFile(logFile));
        assertEquals(0, result.exitCode());
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
        run(script("sky", "echo hello; echo oops >&2"), new SkyRunner.Settings(0, logFile, true, "[module-a] ",
                SecretMasker.NONE, p -> Optional.empty()));
        assertEquals(List.of("[module-a] hello"), log.info());
        assertEquals(List.of("[module-a] oops"), log.warn());
        assertEquals(List.of("hello", "oops"), jobLines(logFile).stream().sorted().toList());
    }

    @Test
    void secretValuesNeverReachTheLogOrTheLogFile() throws Exception {
        Path sky = script("sky", String.join("\n",
                "echo \"token=" + SECRET + "\"",
                "echo \"stderr " + SECRET + " again " + SECRET + "\" >&2",
                "printf '\\033[31m" + SECRET + "\\033[0m\\n'",
                "echo 'ERROR: Job 7 failed with return code list: [1] " + SECRET + "' >&2"));
        Path logFile = tmp.resolve("secret.log");
        SecretMasker masker = new SecretMasker(List.of(SECRET));
        for (boolean strip : new boolean[] {true, false}) {
            SkyRunResult result = run(sky, new SkyRunner.Settings(0, logFile, strip, "", masker,
                    p -> Optional.empty()));
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
        run(script("sky", "cat " + q(key) + "; cat " + q(key) + " >&2"), new SkyRunner.Settings(0, logFile, true, "",
                new SecretMasker(List.of(pem)), p -> Optional.empty()));
        String file = Files.readString(logFile, StandardCharsets.UTF_8);
        List<String> everything = new ArrayList<>(log.all());
        everything.add(file);
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
            Path sky = script("sky-cut", "head -c " + before.length() + " /dev/zero | tr '\\0' x; printf '"
                    + SECRET + "yyy\\n'");
            new SkyRunner(ProcessLauncher.SYSTEM, tmp, pieces, 10).run(new SkyCommand(List.of(sky.toString())),
                    new SkyRunner.Settings(0, logFile, true, "", new SecretMasker(List.of(SECRET, "zz_other_secret")),
                            p -> Optional.empty()));
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
        Path sky = script("sky", String.join("\n",
                "printf 'token=" + SECRET.substring(0, 6) + "\\033[1m" + SECRET.substring(6) + "\\033[0m\\n'",
                "printf '\\033[1mbold\\033[0m and " + SECRET.substring(0, 3) + "\\033[31m" + SECRET.substring(3)
                        + "\\n' >&2",
                "printf '\\033[32mgreen\\033[0m\\n'"));
        Path logFile = tmp.resolve("colours.log");
        run(sky, new SkyRunner.Settings(0, logFile, false, "", new SecretMasker(List.of(SECRET)),
                p -> Optional.empty()));
        assertEquals(List.of("token=****", "\u001b[32mgreen\u001b[0m"), log.info(), "shown stripped and masked;"
                + " a line without a secret keeps its colours");
        assertEquals(List.of("bold and ****"), log.warn());
        assertEquals(List.of("bold and ****", "green", "token=****"),
                jobLines(logFile).stream().sorted().toList());
    }

    @Test
    void aSecretThatLooksLikeOutputWeParseDoesNotCorruptIt() throws Exception {
        // A secret equal to the job id: the id and the return codes are parsed from the text before masking.
        Path sky = script("sky", String.join("\n",
                "echo '⚙︎ Job submitted, ID: 12345'",
                "echo 'ERROR: Job 12345 failed with return code list: [3]'",
                "exit 100"));
        SkyRunResult result = run(sky, new SkyRunner.Settings(0, null, true, "", new SecretMasker(List.of("12345")),
                p -> Optional.empty()));
        assertEquals(OptionalLong.of(12345), result.jobId());
        assertEquals(List.of(3), result.returnCodes());
        assertEquals(List.of("⚙︎ Job submitted, ID: ****", "ERROR: Job **** failed with return code list: [3]"),
                log.info());

        // A secret equal to "true": the captured JSON stays JSON; what is shown is masked.
        RecordingLog quiet = new RecordingLog();
        SkyRunResult status = new SkyRunner(ProcessLauncher.SYSTEM, tmp, quiet, 10).run(new SkyCommand(List.of(
                script("status", "echo '[{\"name\": \"c\", \"to_down\": true}]'").toString())),
                new SkyRunner.Settings(0, null, true, "", new SecretMasker(List.of("true")), p -> Optional.empty())
                        .capturing());
        assertEquals(List.of("[{\"name\": \"c\", \"to_down\": true}]"), status.output());
        assertTrue(quiet.debug.contains("[{\"name\": \"c\", \"to_down\": ****}]"), quiet.debug.toString());
        assertFalse(quiet.debug.stream().anyMatch(line -> line.contains("true")), quiet.debug.toString());
    }

    @Test
    void theEpilogueFramesAreTakenOutOfTheDisplayAndTheLogFile() throws Exception {
        JobEpilogue epilogue = new JobEpilogue("0123456789abcdef0123456789abcdef", "r");
        String command = epilogue.wrap("printf 'step 1\\nno newline at the end'", false);
        Path sky = script("sky", "bash -c " + q(Path.of(command)) + " | sed 's/^/(sky-cmd, pid=1) /'");
        Path logFile = tmp.resolve("frames.log");
        run(sky, settings(true).withLogFile(logFile).intercepting(epilogue));
        assertEquals(List.of("(sky-cmd, pid=1) step 1", "(sky-cmd, pid=1) no newline at the end"), log.info());
        assertEquals(log.info(), jobLines(logFile));
        assertEquals(java.util.OptionalInt.of(0), epilogue.exitStatus());
    }

    @Test
    void timeoutKillsTheWholeTreeAndRunsTheCleanupWithTheJobId() throws Exception {
        Path childPid = tmp.resolve("child.pid");
        Path parentPid = tmp.resolve("parent.pid");
        Path marker = tmp.resolve("cleanup.marker");
        Path sky = script("sky", String.join("\n",
                "sleep 300 &",
                "echo $! > " + q(childPid),
                "echo $$ > " + q(parentPid),
                "printf '\\033[1m⚙︎ Job submitted, ID: 7\\033[0m\\n'",
                "sleep 300"));
        Path cleanupScript = script("cleanup.sh", "printf '%s' \"$*\" > " + q(marker) + "\necho cancelled");
        AtomicReference<SkyRunner.Progress> seen = new AtomicReference<>();
        Function<SkyRunner.Progress, Optional<SkyCommand>> cleanup = progress -> {
            seen.set(progress);
            return Optional.of(new SkyCommand(List.of(cleanupScript.toString(), "cancel", "--yes", "gpu-x-12345",
                    progress.jobId().isPresent() ? Long.toString(progress.jobId().getAsLong()) : "none")));
        };
        SkyRunResult result = run(sky, settings(true).withTimeout(1).withCleanup(cleanup));

        assertTrue(result.timedOut());
        assertFalse(result.interrupted());
        assertEquals(OptionalLong.of(7), result.jobId());
        assertNotNull(seen.get(), "cleanup function not called");
        assertEquals(OptionalLong.of(7), seen.get().jobId());
        assertEquals("cancel --yes gpu-x-12345 7", Files.readString(marker));
        String display = new SkyCommand(List.of(cleanupScript.toString(), "cancel", "--yes", "gpu-x-12345", "7"))
                .display();
        assertEquals("the remote job was cancelled (`" + display + "`)", result.cleanup());
        assertTrue(log.warn().contains("Build timed out after 1 s: running " + display), log.warn().toString());

        long parent = pid(parentPid);
        long child = pid(childPid);
        assertTrue(eventually(() -> !running(parent)), "the sky process " + parent + " is still running");
        assertTrue(eventually(() -> !running(child)), "its child " + child + " is still running");
    }

    @Test
    void timeoutWithNothingToCleanUpDoesNotClaimNothingWasDoneRemotely() throws Exception {
        Path sky = script("sky", "sleep 300");
        SkyRunResult result = runner().run(new SkyCommand(List.of(sky.toString(), "launch")),
                settings(true).withTimeout(1));
        assertTrue(result.timedOut());
        assertEquals("killed sky launch (timed out after 1 s); SkyPilot's API server may still carry out its request",
                result.cleanup());
        assertTrue(log.error.contains("Build timed out after 1 s: " + result.cleanup() + "."), log.error.toString());
    }

    @Test
    void execStoppedBeforeItsJobIdSaysTheJobMayStillBeSubmitted() throws Exception {
        Path sky = script("sky", "echo 'Syncing workdir'\nsleep 300");
        // Timed out, and interrupted, before the "Job submitted, ID" line.
        SkyRunResult timedOut = runner().run(new SkyCommand(List.of(sky.toString(), "exec")),
                settings(true).withTimeout(1));
        String expected = " before it printed a job id; SkyPilot's API server may still submit the job"
                + " (check with sky queue <cluster>)";
        assertEquals("killed sky exec (timed out after 1 s)" + expected, timedOut.cleanup());

        AtomicReference<SkyRunResult> result = new AtomicReference<>();
        Thread build = new Thread(() -> {
            try {
                result.set(runner().run(new SkyCommand(List.of(sky.toString(), "exec")), settings(true)));
            } catch (SkyFailedException e) {
                throw new IllegalStateException(e);
            }
        }, "build");
        build.start();
        assertTrue(eventually(() -> log.info().contains("Syncing workdir")), "sky never started");
        build.interrupt();
        build.join(60_000);
        assertTrue(result.get().interrupted());
        assertEquals("killed sky exec (interrupted)" + expected, result.get().cleanup());
    }

    @Test
    void aJobIdTooLongForALongIsIgnoredAndTheOutputStillDrained() throws Exception {
        Path sky = script("sky", String.join("\n",
                "echo 'Job submitted, ID: 12345678901234567890'",
                "for i in $(seq 1 3000); do echo \"line $i of the job\"; done",
                "echo 'ERROR: Job 12345678901234567890 failed with return code list: [1]'",
                "echo done"));
        SkyRunResult result = runner().run(new SkyCommand(List.of(sky.toString(), "exec")), settings(true));
        assertEquals(0, result.exitCode());
        assertEquals(OptionalLong.empty(), result.jobId());
        assertEquals(3003, log.info().size());
        assertEquals("done", log.info().get(3002));
        assertEquals(List.of(), log.warn());
    }

    /** A job that keeps printing, then idles: it ends by itself only long after the runner should have stopped it. */
    private Path jobThatPrints(Path parentPid, String bad) throws IOException {
        return script("sky", String.join("\n",
                "echo $$ > " + q(parentPid),
                "echo 'Job submitted, ID: 7'",
                "echo " + ShellWords.quote(bad),
                "for i in $(seq 1 5000); do echo \"line $i: $(printf '%0100d' 0)\"; done",
                "sleep 30"));
    }

    private SkyRunner.Settings cancelling(SkyRunner.Settings settings, Path cleanupScript) {
        return settings.withCleanup(p -> Optional.of(new SkyCommand(List.of(cleanupScript.toString(), "cancel",
                Long.toString(p.jobId().orElse(-1))))));
    }

    @Test
    void skyAbortedByCtrlCBeforeTheJvmNoticesStillCancelsTheJob() throws Exception {
        // The order a terminal's Ctrl+C can take: sky gets SIGINT, detaches from the job and exits 1 with
        // "Aborted!" before the JVM starts shutting down (it never does here), so the shutdown hook cannot help.
        Path marker = tmp.resolve("cleanup.marker");
        Path sky = script("sky", "echo 'Job submitted, ID: 7'; echo 'Aborted!' >&2; exit 1");
        Path cleanupScript = script("cleanup.sh", "printf '%s' \"$*\" > " + q(marker));
        SkyRunResult result = runner().run(new SkyCommand(List.of(sky.toString(), "exec")),
                cancelling(settings(true), cleanupScript));
        assertTrue(result.interrupted(), "taken as an interrupt");
        assertEquals("cancel 7", Files.readString(marker), "the job sky left running was cancelled");
        assertTrue(result.cleanup().contains("the remote job was cancelled"), result.cleanup());
    }

    @Test
    void skyFailingWithExitCode1IsNotTakenForAnInterrupt() throws Exception {
        Path marker = tmp.resolve("cleanup.marker");
        Path sky = script("sky", "echo 'Job submitted, ID: 7'; echo 'ClusterNotUpError: not UP' >&2; exit 1");
        Path cleanupScript = script("cleanup.sh", "printf '%s' \"$*\" > " + q(marker));
        SkyRunResult result = runner().run(new SkyCommand(List.of(sky.toString(), "exec")),
                cancelling(settings(true), cleanupScript));
        assertEquals(1, result.exitCode());
        assertTrue(!result.interrupted() && !Files.exists(marker), "an ordinary failure runs no clean-up");
    }

    @Test
    void aFailingLineHandlerStopsSkyCancelsTheJobAndFailsTheRun() throws Exception {
        Path parentPid = tmp.resolve("parent.pid");
        Path marker = tmp.resolve("cleanup.marker");
        Path sky = jobThatPrints(parentPid, "boom");
        Path cleanupScript = script("cleanup.sh", "printf '%s' \"$*\" > " + q(marker));
        SkyRunner.Settings settings = cancelling(settings(true), cleanupScript).intercepting(line -> {
            if (line.equals("boom")) {
                throw new IllegalStateException("parser bug");
            }
            return null;
        });
        SkyFailedException e = assertThrows(SkyFailedException.class,
                () -> runner().run(new SkyCommand(List.of(sky.toString(), "exec")), settings));
        assertEquals("Stopped following sky exec, as a handler of its output failed (java.lang.IllegalStateException:"
                + " parser bug): the remote job was cancelled (`" + new SkyCommand(List.of(cleanupScript.toString(),
                        "cancel", "7")).display() + "`).", e.getMessage());
        assertTrue(e.fix().toString().contains("bug in remote-maven-plugin"), e.fix().toString());
        assertEquals("cancel 7", Files.readString(marker));
        long parent = pid(parentPid);
        assertTrue(eventually(() -> !running(parent)), "sky is still running");
    }

    @Test
    void aLogFileOnAFullDiskStopsSkyCancelsTheJobAndFailsTheRun() throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        Path parentPid = tmp.resolve("parent.pid");
        Path marker = tmp.resolve("cleanup.marker");
        Path sky = jobThatPrints(parentPid, "fine");
        Path cleanupScript = script("cleanup.sh", "printf '%s' \"$*\" > " + q(marker));
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> runner().run(
                new SkyCommand(List.of(sky.toString(), "exec")), cancelling(settings(true), cleanupScript)
                        .withLogFile(full)));
        assertTrue(e.getMessage().startsWith("Stopped following sky exec, as the log file /dev/full could not be"
                + " written (No space left on device): the remote job was cancelled"), e.getMessage());
        assertTrue(e.fix().mentions(Setting.LOG_FILE), e.fix().toString());
        assertEquals("cancel 7", Files.readString(marker));
        long parent = pid(parentPid);
        assertTrue(eventually(() -> !running(parent)), "sky is still running");
    }

    @Test
    void timeoutSparesDescendantsInTheirOwnSessionOrProcessGroup() throws Exception {
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
        Path sky = script("sky", String.join("\n",
                "sleep 300 &",
                "echo $! > " + q(own),
                // Like the real server, neither holds sky's pipes (its output goes to a file).
                "python3 -c " + ShellWords.quote(server) + " " + q(session) + " " + q(below) + quiet,
                "python3 -c " + ShellWords.quote(grouped) + " " + q(group) + quiet,
                "while [ ! -s " + q(below) + " ] || [ ! -s " + q(group) + " ]; do sleep 0.05; done",
                "echo ready",
                "sleep 300"));
        List<Long> spared = new ArrayList<>();
        try {
            SkyRunResult result = run(sky, settings(true).withTimeout(3));
            assertTrue(result.timedOut());
            assertTrue(log.info().contains("ready"), "the children were not started in time: " + log.info());
            spared.addAll(List.of(pid(session), pid(below), pid(group)));
            long ownChild = pid(own);
            assertTrue(eventually(() -> !running(ownChild)), "sky's own child " + ownChild + " is still running");
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

    @Test
    void procStatFieldsAreReadAfterTheCommandName() {
        assertEquals(List.of(41L, 40L), SkyRunner.ProcStat.parse("42 (a) b (c) S 1 41 40 0 -1 4194560 0")
                .map(ids -> List.of(ids[0], ids[1])).orElseThrow());
        assertTrue(SkyRunner.ProcStat.parse("garbage").isEmpty());
    }

    @Test
    void everyCommandOfAGoalIsKeptInItsLogFileUnderAHeader() throws Exception {
        Path logFile = tmp.resolve("target/remote/provision-x.log");
        Files.createDirectories(logFile.getParent());
        Files.writeString(logFile, "from an earlier build\n");
        Path launch = script("launch", "echo 'ResourcesUnavailableError: no H100 anywhere' >&2; exit 1");
        Path down = script("down", "echo 'Terminating cluster c...done.'");
        SkyRunner goal = runner();
        SkyCommand first = new SkyCommand(List.of(launch.toString(), "launch", "--secret", "HF_TOKEN", "c"));
        SkyCommand second = new SkyCommand(List.of(down.toString(), "down", "-y", "c"));
        goal.run(first, settings(true).withLogFile(logFile));
        goal.run(second, settings(true).withLogFile(logFile));
        List<String> lines = Files.readAllLines(logFile);
        assertEquals(4, lines.size(), lines.toString());
        String time = " \\(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)";
        assertTrue(lines.get(0).matches(java.util.regex.Pattern.quote("=== " + first.display()) + time), lines.get(0));
        assertEquals("ResourcesUnavailableError: no H100 anywhere", lines.get(1));
        assertTrue(lines.get(2).matches(java.util.regex.Pattern.quote("=== " + second.display()) + time), lines.get(2));
        assertEquals("Terminating cluster c...done.", lines.get(3));

        // The next goal execution (a new runner) starts the file afresh.
        runner().run(second, settings(true).withLogFile(logFile));
        lines = Files.readAllLines(logFile);
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("Terminating cluster c...done.", lines.get(1));
    }

    @Test
    void theCleanupCommandIsLoggedUnderItsOwnHeader() throws Exception {
        Path logFile = tmp.resolve("exec.log");
        Path sky = script("sky", "echo 'Job submitted, ID: 3'\nsleep 300");
        Path cleanupScript = script("cleanup.sh", "echo 'Cancelling job 3'");
        runner().run(new SkyCommand(List.of(sky.toString(), "exec")),
                cancelling(settings(true), cleanupScript).withTimeout(1).withLogFile(logFile));
        List<String> lines = Files.readAllLines(logFile);
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("=== " + new SkyCommand(List.of(sky.toString(), "exec")).display() + " ("));
        assertEquals("Job submitted, ID: 3", lines.get(1));
        assertTrue(lines.get(2).startsWith("=== " + new SkyCommand(List.of(cleanupScript.toString(), "cancel", "3"))
                .display() + " ("), lines.get(2));
        assertEquals("Cancelling job 3", lines.get(3));
    }

    @Test
    void failingCleanupIsReported() throws Exception {
        Path sky = script("sky", "sleep 300");
        Path cleanupScript = script("cleanup.sh", "exit 4");
        SkyCommand cleanup = new SkyCommand(List.of(cleanupScript.toString()));
        SkyRunResult result = run(sky, settings(true).withTimeout(1).withCleanup(p -> Optional.of(cleanup)));
        assertEquals("ran `" + cleanup.display() + "`, which failed with exit code 4; run it by hand",
                result.cleanup());
    }

    @Test
    void noTimeoutNoCleanup() throws Exception {
        AtomicBoolean called = new AtomicBoolean();
        SkyRunResult result = run(script("sky", "echo quick"), settings(true).withTimeout(60).withCleanup(p -> {
            called.set(true);
            return Optional.empty();
        }));
        assertFalse(result.timedOut());
        assertEquals(0, result.exitCode());
        assertEquals("", result.cleanup());
        assertFalse(called.get());
    }

    @Test
    void interruptKillsTheTreeRunsTheCleanupAndKeepsTheInterruptStatus() throws Exception {
        Path childPid = tmp.resolve("child.pid");
        Path parentPid = tmp.resolve("parent.pid");
        Path marker = tmp.resolve("cleanup.marker");
        Path sky = script("sky", String.join("\n",
                "sleep 300 &",
                "echo $! > " + q(childPid),
                "echo $$ > " + q(parentPid),
                "echo 'Job submitted, ID: 12'",
                "sleep 300"));
        Path cleanupScript = script("cleanup.sh", "sleep 0.3\nprintf '%s' \"$*\" > " + q(marker));
        SkyRunner.Settings settings = settings(true).withCleanup(p -> Optional.of(new SkyCommand(List.of(
                cleanupScript.toString(), "cancel", Long.toString(p.jobId().orElse(-1))))));
        AtomicReference<SkyRunResult> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread build = new Thread(() -> {
            try {
                result.set(run(sky, settings));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "build");
        build.start();
        assertTrue(eventually(() -> log.info().contains("Job submitted, ID: 12")), "the job line never came");
        build.interrupt();
        build.join(60_000);
        assertFalse(build.isAlive(), "run() did not return after the interrupt");
        assertNull(failure.get());

        SkyRunResult r = result.get();
        assertTrue(r.interrupted());
        assertFalse(r.timedOut());
        assertEquals(OptionalLong.of(12), r.jobId());
        assertEquals("the remote job was cancelled (`" + new SkyCommand(List.of(cleanupScript.toString(), "cancel",
                "12")).display() + "`)", r.cleanup());
        assertEquals("cancel 12", Files.readString(marker));
        assertTrue(stillInterrupted.get(), "the caller's interrupt status was swallowed");
        long parent = pid(parentPid);
        long child = pid(childPid);
        assertTrue(eventually(() -> !running(parent)), "the sky process is still running");
        assertTrue(eventually(() -> !running(child)), "its child is still running");
    }

    @Test
    void childGetsUnbufferedUtf8Python() throws Exception {
        run(script("sky", "printf '%s|%s\\n' \"${PYTHONUNBUFFERED-unset}\" \"${PYTHONIOENCODING-unset}\""),
                settings(true));
        assertEquals(List.of("1|utf-8"), log.info());
        assertEquals("1", SkyRunner.childEnvironment().get("PYTHONUNBUFFERED"));
        assertEquals("utf-8", SkyRunner.childEnvironment().get("PYTHONIOENCODING"));
    }

    @Test
    void stdinIsEmpty() throws Exception {
        // With an open stdin the read would block until the timeout; with /dev/null it sees EOF at once.
        SkyRunResult result = run(script("sky", "if read -r line; then echo \"got:$line\"; else echo eof; fi"),
                settings(true).withTimeout(20));
        assertFalse(result.timedOut(), "the child waited on stdin");
        assertEquals(List.of("eof"), log.info());
    }

    @Test
    void invalidUtf8DoesNotCrashTheRunner() throws Exception {
        SkyRunResult result = run(script("sky", "printf 'a\\xff\\xfeb\\n'; printf '\\xc3\\n' >&2; echo 'ok é'"),
                settings(true));
        assertEquals(0, result.exitCode());
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
        SkyRunResult result = run(script("sky", "cat " + q(data)), settings(true).withLogFile(logFile));
        assertEquals(0, result.exitCode());
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
    void capturedOutputIsReturnedAndShownAtDebugOnly() throws Exception {
        SkyRunResult result = run(script("sky", "echo '[{\"name\": \"c\"}]'; echo warn >&2"),
                settings(true).capturing());
        assertEquals(List.of("[{\"name\": \"c\"}]"), result.output());
        assertEquals(List.of(), log.info());
        assertEquals(List.of("warn"), log.warn());
        assertTrue(log.debug.contains("[{\"name\": \"c\"}]"));
    }

    @Test
    void missingExecutableIsASkyFailure() {
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> runner().run(
                new SkyCommand(List.of(tmp.resolve("no-such-sky").toString(), "status")), settings(true)));
        assertTrue(e.getMessage().startsWith("Could not start " + tmp.resolve("no-such-sky")), e.getMessage());
        assertTrue(e.fix().mentions(Setting.SKY), e.fix().toString());
    }

    @Test
    void unwritableLogFileIsASkyFailure() throws Exception {
        Path blocker = tmp.resolve("file");
        Files.writeString(blocker, "");
        Path ran = tmp.resolve("ran");
        Path sky = script("sky", "touch " + q(ran));
        SkyFailedException e = assertThrows(SkyFailedException.class,
                () -> run(sky, settings(true).withLogFile(blocker.resolve("sub/x.log"))));
        assertTrue(e.getMessage().startsWith("Cannot write the log file"), e.getMessage());
        assertFalse(Files.exists(ran), "sky ran although the log file could not be opened");
    }
}
