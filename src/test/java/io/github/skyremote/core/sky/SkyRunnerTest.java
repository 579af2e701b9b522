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
import io.github.skyremote.core.process.Outcome;
import io.github.skyremote.core.process.OutputMode;
import io.github.skyremote.core.process.ProcessLauncher;
import io.github.skyremote.core.process.Scripts;
import io.github.skyremote.core.process.SecretMasker;
import static io.github.skyremote.core.process.Scripts.eventually;
import static io.github.skyremote.core.process.Scripts.jobLines;
import static io.github.skyremote.core.process.Scripts.pid;
import static io.github.skyremote.core.process.Scripts.q;
import static io.github.skyremote.core.process.Scripts.running;
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

/**
 * The runner as a whole: parsing, clean-up and its messages, on real processes (bash scripts standing in for sky).
 * What the supervisor does alone is in {@code ProcessSupervisorTest}.
 */
class SkyRunnerTest {
    private static final String SECRET = "hf_SuperSecretValue123";

    @TempDir
    Path tmp;

    private final RecordingLog log = new RecordingLog();

    private Path script(String name, String body) throws IOException {
        return Scripts.script(tmp, name, body);
    }

    /** The runner under test, taking its settings as a builder. */
    private record Runner(SkyRunner runner) {
        SkyRunResult run(SkyCommand command, SkyRunSettings.Builder settings) throws SkyFailedException {
            return runner.run(command, settings.build());
        }
    }

    private Runner runner() {
        return new Runner(new SkyRunner(ProcessLauncher.SYSTEM, tmp, log, 10));
    }

    private static SkyRunSettings.Builder settings(boolean stripAnsi) {
        return SkyRunSettings.builder().stripAnsi(stripAnsi);
    }

    private SkyRunResult run(Path script, SkyRunSettings.Builder settings) throws SkyFailedException {
        return runner().run(new SkyCommand(List.of(script.toString())), settings);
    }

    private static int exitCode(SkyRunResult result) {
        assertTrue(result.outcome() instanceof Outcome.Exited, result.outcome().toString());
        return ((Outcome.Exited) result.outcome()).code();
    }

    private static boolean timedOut(SkyRunResult result) {
        return result.outcome() instanceof Outcome.TimedOut;
    }

    private static boolean interrupted(SkyRunResult result) {
        return result.outcome() instanceof Outcome.Interrupted;
    }

    @Test
    void exitCodeIsPassedThrough() throws Exception {
        SkyRunResult result = run(script("sky", "echo bye; exit 3"), settings(true));
        assertEquals(3, exitCode(result));
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
        SkyRunResult coloured = new Runner(new SkyRunner(ProcessLauncher.SYSTEM, tmp, raw, 10))
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
        assertEquals(100, exitCode(result));
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
    void secretValuesNeverReachTheLogOrTheLogFile() throws Exception {
        Path sky = script("sky", String.join("\n",
                "echo \"token=" + SECRET + "\"",
                "echo \"stderr " + SECRET + " again " + SECRET + "\" >&2",
                "printf '\\033[31m" + SECRET + "\\033[0m\\n'",
                "echo 'ERROR: Job 7 failed with return code list: [1] " + SECRET + "' >&2"));
        Path logFile = tmp.resolve("secret.log");
        SecretMasker masker = new SecretMasker(List.of(SECRET));
        for (boolean strip : new boolean[] {true, false}) {
            SkyRunResult result = run(sky, settings(strip).logFile(logFile).masker(masker));
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
    void aSecretThatLooksLikeOutputWeParseDoesNotCorruptIt() throws Exception {
        // A secret equal to the job id: the id and the return codes are parsed from the text before masking.
        Path sky = script("sky", String.join("\n",
                "echo '⚙︎ Job submitted, ID: 12345'",
                "echo 'ERROR: Job 12345 failed with return code list: [3]'",
                "exit 100"));
        SkyRunResult result = run(sky, settings(true).masker(new SecretMasker(List.of("12345"))));
        assertEquals(OptionalLong.of(12345), result.jobId());
        assertEquals(List.of(3), result.returnCodes());
        assertEquals(List.of("⚙︎ Job submitted, ID: ****", "ERROR: Job **** failed with return code list: [3]"),
                log.info());

        // A secret equal to "true": the captured JSON stays JSON; what is shown is masked.
        RecordingLog quiet = new RecordingLog();
        SkyRunResult status = new Runner(new SkyRunner(ProcessLauncher.SYSTEM, tmp, quiet, 10)).run(new SkyCommand(List.of(
                script("status", "echo '[{\"name\": \"c\", \"to_down\": true}]'").toString())),
                settings(true).masker(new SecretMasker(List.of("true")))
                        .output(OutputMode.CAPTURED));
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
        run(sky, settings(true).logFile(logFile).interceptor(epilogue));
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
        SkyRunResult result = run(sky, settings(true).timeoutSeconds(1).cleanup(cleanup));

        assertTrue(timedOut(result));
        assertFalse(interrupted(result));
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
                settings(true).timeoutSeconds(1));
        assertTrue(timedOut(result));
        assertEquals("killed sky launch (timed out after 1 s); SkyPilot's API server may still carry out its request",
                result.cleanup());
        assertTrue(log.error.contains("Build timed out after 1 s: " + result.cleanup() + "."), log.error.toString());
    }

    @Test
    void execStoppedBeforeItsJobIdSaysTheJobMayStillBeSubmitted() throws Exception {
        Path sky = script("sky", "echo 'Syncing workdir'\nsleep 300");
        // Timed out, and interrupted, before the "Job submitted, ID" line.
        SkyRunResult timedOut = runner().run(new SkyCommand(List.of(sky.toString(), "exec")),
                settings(true).timeoutSeconds(1));
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
        assertTrue(interrupted(result.get()));
        assertEquals("killed sky exec (interrupted)" + expected, result.get().cleanup());
    }

    @Test
    void aRequestIdSkyPrintedNamesTheCommandThatCancelsIt() throws Exception {
        // Ctrl+C reached sky during the request: it says how to cancel the request, then "Aborted!".
        Path sky = script("sky", String.join("\n",
                "echo '⚙︎ Request will continue running asynchronously.'",
                "echo '└── To cancel the request, run: sky api cancel 5d6e7f80' >&2",
                "echo 'Aborted!' >&2",
                "exit 1"));
        SkyRunResult exec = runner().run(new SkyCommand(List.of(sky.toString(), "exec")), settings(true));
        assertTrue(interrupted(exec), "Aborted! with exit code 1 is an interrupt");
        assertEquals("killed sky exec (interrupted) before it printed a job id; SkyPilot's API server may still submit"
                + " the job (check with sky queue <cluster>, or cancel the request: sky api cancel 5d6e7f80)",
                exec.cleanup());
        SkyRunResult launch = runner().run(new SkyCommand(List.of(sky.toString(), "launch")), settings(true));
        assertEquals("killed sky launch (interrupted); SkyPilot's API server may still carry out its request (cancel"
                + " it: sky api cancel 5d6e7f80)", launch.cleanup());
    }

    @Test
    void aJobIdTooLongForALongIsIgnoredAndTheOutputStillDrained() throws Exception {
        Path sky = script("sky", String.join("\n",
                "echo 'Job submitted, ID: 12345678901234567890'",
                "for i in $(seq 1 3000); do echo \"line $i of the job\"; done",
                "echo 'ERROR: Job 12345678901234567890 failed with return code list: [1]'",
                "echo done"));
        SkyRunResult result = runner().run(new SkyCommand(List.of(sky.toString(), "exec")), settings(true));
        assertEquals(0, exitCode(result));
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

    private SkyRunSettings.Builder cancelling(SkyRunSettings.Builder settings, Path cleanupScript) {
        return settings.cleanup(p -> Optional.of(new SkyCommand(List.of(cleanupScript.toString(), "cancel",
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
        assertTrue(interrupted(result), "taken as an interrupt");
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
        assertEquals(1, exitCode(result));
        assertTrue(!interrupted(result) && !Files.exists(marker), "an ordinary failure runs no clean-up");
    }

    @Test
    void aFailingLineHandlerStopsSkyCancelsTheJobAndFailsTheRun() throws Exception {
        Path parentPid = tmp.resolve("parent.pid");
        Path marker = tmp.resolve("cleanup.marker");
        Path sky = jobThatPrints(parentPid, "boom");
        Path cleanupScript = script("cleanup.sh", "printf '%s' \"$*\" > " + q(marker));
        SkyRunSettings.Builder settings = cancelling(settings(true), cleanupScript).interceptor(line -> {
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
                        .logFile(full)));
        assertTrue(e.getMessage().startsWith("Stopped following sky exec, as the log file /dev/full could not be"
                + " written (No space left on device): the remote job was cancelled"), e.getMessage());
        assertTrue(e.fix().mentions(Setting.LOG_FILE), e.fix().toString());
        assertEquals("cancel 7", Files.readString(marker));
        long parent = pid(parentPid);
        assertTrue(eventually(() -> !running(parent)), "sky is still running");
    }

    @Test
    void everyCommandOfAGoalIsKeptInItsLogFileUnderAHeader() throws Exception {
        Path logFile = tmp.resolve("target/remote/provision-x.log");
        Files.createDirectories(logFile.getParent());
        Files.writeString(logFile, "from an earlier build\n");
        Path launch = script("launch", "echo 'ResourcesUnavailableError: no H100 anywhere' >&2; exit 1");
        Path down = script("down", "echo 'Terminating cluster c...done.'");
        Runner goal = runner();
        SkyCommand first = new SkyCommand(List.of(launch.toString(), "launch", "--secret", "HF_TOKEN", "c"));
        SkyCommand second = new SkyCommand(List.of(down.toString(), "down", "-y", "c"));
        goal.run(first, settings(true).logFile(logFile));
        goal.run(second, settings(true).logFile(logFile));
        List<String> lines = Files.readAllLines(logFile);
        assertEquals(4, lines.size(), lines.toString());
        String time = " \\(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)";
        assertTrue(lines.get(0).matches(java.util.regex.Pattern.quote("=== " + first.display()) + time), lines.get(0));
        assertEquals("ResourcesUnavailableError: no H100 anywhere", lines.get(1));
        assertTrue(lines.get(2).matches(java.util.regex.Pattern.quote("=== " + second.display()) + time), lines.get(2));
        assertEquals("Terminating cluster c...done.", lines.get(3));

        // The next goal execution (a new runner) starts the file afresh.
        runner().run(second, settings(true).logFile(logFile));
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
                cancelling(settings(true), cleanupScript).timeoutSeconds(1).logFile(logFile));
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
        SkyRunResult result = run(sky, settings(true).timeoutSeconds(1).cleanup(p -> Optional.of(cleanup)));
        assertEquals("ran `" + cleanup.display() + "`, which failed with exit code 4; run it by hand",
                result.cleanup());
    }

    @Test
    void noTimeoutNoCleanup() throws Exception {
        AtomicBoolean called = new AtomicBoolean();
        SkyRunResult result = run(script("sky", "echo quick"), settings(true).timeoutSeconds(60).cleanup(p -> {
            called.set(true);
            return Optional.empty();
        }));
        assertFalse(timedOut(result));
        assertEquals(0, exitCode(result));
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
        SkyRunSettings.Builder settings = settings(true).cleanup(p -> Optional.of(new SkyCommand(List.of(
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
        assertTrue(interrupted(r));
        assertFalse(timedOut(r));
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
        assertEquals("1", SkyCommand.environment().get("PYTHONUNBUFFERED"));
        assertEquals("utf-8", SkyCommand.environment().get("PYTHONIOENCODING"));
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
                () -> run(sky, settings(true).logFile(blocker.resolve("sub/x.log"))));
        assertTrue(e.getMessage().startsWith("Cannot write the log file"), e.getMessage());
        assertFalse(Files.exists(ran), "sky ran although the log file could not be opened");
    }
}
