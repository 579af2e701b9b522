package io.github.skyremote.core.sky;

import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.process.Outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SkyExitCodesTest {
    private static final ClusterRef CLUSTER = new ClusterRef("gpu-x-12345", ".cluster_name_gpu", Device.GPU);
    private static final Path LOG = Path.of("target/remote/exec-gpu-x-12345-7.log");
    private static final SkyExitCodes.JobContext JOB = new SkyExitCodes.JobContext(CLUSTER, "train.py", LOG);

    private static SkyRunResult result(int exit, Long jobId, List<Integer> codes, List<String> tail) {
        return new SkyRunResult(new Outcome.Exited(exit), jobId == null ? OptionalLong.empty() : OptionalLong.of(jobId),
                codes, tail, "");
    }

    private static SkyRunResult exit(int exit, String... tail) {
        return result(exit, 7L, List.of(), List.of(tail));
    }

    @Test
    void zeroIsSuccess() throws Exception {
        SkyExitCodes.checkJob(exit(0), JOB);
        SkyExitCodes.checkJob(result(0, null, List.of(), List.of()), JOB);
    }

    @Test
    void hundredReportsTheJobAndTheRealReturnCode() {
        JobFailedException e = assertThrows(JobFailedException.class,
                () -> SkyExitCodes.checkJob(result(100, 7L, List.of(3), List.of()), JOB));
        assertEquals("Remote job 7 on gpu-x-12345 failed: train.py exited with code 3.", e.getMessage());
        assertTrue(e.fix().contains("sky logs gpu-x-12345 7"), e.fix());
        assertTrue(e.fix().contains("Log: " + LOG), e.fix());
        assertTrue(e.describe().contains("Remote job 7 on gpu-x-12345 failed: train.py exited with code 3."));
    }

    @Test
    void theExitStatusTheJobPrintedFailsTheBuildWhenSkySaysSucceeded() {
        // SkyPilot #8928: sky exits 0 (SUCCEEDED) for a script that exited 1.
        JobFailedException e = assertThrows(JobFailedException.class,
                () -> SkyExitCodes.checkJob(result(0, 7L, List.of(), List.of()), JOB, OptionalInt.of(1)));
        assertEquals("Remote job 7 on gpu-x-12345 failed: train.py exited with code 1 (sky reported the job as"
                + " SUCCEEDED; the code is the one the job printed itself).", e.getMessage());
        assertTrue(e.fix().contains("sky logs gpu-x-12345 7"), e.fix());
        // With sky's failure too, the printed code is the one named.
        JobFailedException both = assertThrows(JobFailedException.class,
                () -> SkyExitCodes.checkJob(result(100, 7L, List.of(1), List.of()), JOB, OptionalInt.of(3)));
        assertEquals("Remote job 7 on gpu-x-12345 failed: train.py exited with code 3.", both.getMessage());
    }

    @Test
    void aPrintedZeroNeverTurnsAFailureIntoSuccess() throws Exception {
        assertThrows(JobFailedException.class,
                () -> SkyExitCodes.checkJob(result(100, 7L, List.of(3), List.of()), JOB, OptionalInt.of(0)));
        assertThrows(SkyFailedException.class,
                () -> SkyExitCodes.checkJob(result(1, 7L, List.of(), List.of("boom")), JOB, OptionalInt.of(0)));
        SkyExitCodes.checkJob(result(0, 7L, List.of(), List.of()), JOB, OptionalInt.of(0));
        SkyExitCodes.checkJob(result(0, 7L, List.of(), List.of()), JOB, OptionalInt.empty());
    }

    @Test
    void programExitPrefersAPrintedFailure() {
        assertEquals(OptionalInt.of(1), SkyExitCodes.programExit(result(0, 7L, List.of(), List.of()),
                OptionalInt.of(1)));
        assertEquals(OptionalInt.of(0), SkyExitCodes.programExit(result(0, 7L, List.of(), List.of()),
                OptionalInt.empty()));
        assertEquals(OptionalInt.of(5), SkyExitCodes.programExit(result(100, 7L, List.of(5), List.of()),
                OptionalInt.of(0)));
        assertEquals(OptionalInt.of(2), SkyExitCodes.programExit(result(100, 7L, List.of(0, 2), List.of()),
                OptionalInt.empty()));
        assertEquals(OptionalInt.empty(), SkyExitCodes.programExit(result(100, 7L, List.of(), List.of()),
                OptionalInt.empty()));
        assertEquals(OptionalInt.empty(), SkyExitCodes.programExit(result(1, 7L, List.of(), List.of()),
                OptionalInt.empty()));
        assertEquals(OptionalInt.of(4), SkyExitCodes.programExit(result(1, 7L, List.of(), List.of()),
                OptionalInt.of(4)));
        assertEquals(OptionalInt.empty(), SkyExitCodes.programExit(new SkyRunResult(new Outcome.TimedOut(5),
                OptionalLong.of(7), List.of(), List.of(), ""), OptionalInt.of(1)), "timed out: not known");
    }

    @Test
    void hundredWithSeveralOrNoCodes() {
        JobFailedException several = assertThrows(JobFailedException.class,
                () -> SkyExitCodes.checkJob(result(100, 7L, List.of(1, 137), List.of()), JOB));
        assertEquals("Remote job 7 on gpu-x-12345 failed: train.py exited with codes 1, 137.", several.getMessage());
        JobFailedException none = assertThrows(JobFailedException.class,
                () -> SkyExitCodes.checkJob(result(100, 7L, List.of(), List.of()), JOB));
        assertEquals("Remote job 7 on gpu-x-12345 failed: train.py exited with a non-zero code.", none.getMessage());
    }

    @Test
    void hundredAfterSetupFailure() {
        JobFailedException e = assertThrows(JobFailedException.class, () -> SkyExitCodes.checkJob(result(100, 7L,
                List.of(), List.of("ERROR: Job 7's setup failed with return code 1 (pid=42)")), JOB));
        assertEquals("Remote job 7 on gpu-x-12345 failed (its setup failed): train.py exited with a non-zero code.",
                e.getMessage());
    }

    @Test
    void hundredWithoutJobIdHasNoReattachHint() {
        JobFailedException e = assertThrows(JobFailedException.class,
                () -> SkyExitCodes.checkJob(result(100, null, List.of(2), List.of()), JOB));
        assertEquals("Remote job on gpu-x-12345 failed: train.py exited with code 2.", e.getMessage());
        assertFalse(e.fix().contains("sky logs"), e.fix());
        assertEquals("Log: " + LOG, e.fix());
    }

    @Test
    void hundredAndOneIsNotFinished() {
        JobFailedException e = assertThrows(JobFailedException.class, () -> SkyExitCodes.checkJob(exit(101), JOB));
        assertEquals("Remote job 7 on gpu-x-12345 had not finished when sky stopped following it.", e.getMessage());
        assertTrue(e.fix().contains("Follow it: sky logs gpu-x-12345 7"), e.fix());
    }

    @Test
    void hundredAndTwoIsNotFound() {
        JobFailedException e = assertThrows(JobFailedException.class, () -> SkyExitCodes.checkJob(exit(102), JOB));
        assertEquals("Remote job 7 on gpu-x-12345 was not found on the cluster.", e.getMessage());
        assertEquals("List the cluster's jobs: sky queue gpu-x-12345", e.fix());
    }

    @Test
    void hundredAndThreeIsCancelled() {
        JobFailedException e = assertThrows(JobFailedException.class, () -> SkyExitCodes.checkJob(exit(103), JOB));
        assertEquals("Remote job 7 on gpu-x-12345 was cancelled.", e.getMessage());
        assertTrue(e.fix().contains("sky logs gpu-x-12345 7"), e.fix());
    }

    @Test
    void clusterThatDoesNotExistSaysProvisionAgain() {
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> SkyExitCodes.checkJob(exit(1,
                "Some progress line",
                "sky.exceptions.ClusterDoesNotExist: Cluster 'gpu-x' does not exist."), JOB));
        assertTrue(e.getMessage().startsWith("Cluster gpu-x-12345 (from .cluster_name_gpu) no longer exists"),
                e.getMessage());
        assertTrue(e.getMessage().contains("no longer exists"), e.getMessage());
        assertTrue(e.fix().contains("remote:provision"), e.fix());
        assertEquals("Provision a new one: mvn remote:provision -Ddevice=gpu -Daccelerator=H100:1", e.fix());
    }

    @Test
    void clusterNotUpSaysStartIt() {
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> SkyExitCodes.checkJob(exit(1,
                "sky.exceptions.ClusterNotUpError: Cluster 'gpu-x-12345' with status STOPPED is not up."), JOB));
        assertEquals("Cluster gpu-x-12345 (from .cluster_name_gpu) is not UP: sky.exceptions.ClusterNotUpError:"
                + " Cluster 'gpu-x-12345' with status STOPPED is not up.", e.getMessage());
        assertTrue(e.fix().contains("sky start -y gpu-x-12345"), e.fix());
        assertTrue(e.fix().contains("mvn remote:provision -Ddevice=gpu"), e.fix());
    }

    @Test
    void apiVersionMismatch() {
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> SkyExitCodes.checkJob(exit(1,
                "sky.exceptions.APIVersionMismatchError: Client and server versions differ."), JOB));
        assertTrue(e.getMessage().startsWith("The sky client and its API server have different versions:"),
                e.getMessage());
        assertEquals("Restart the local API server: sky api stop && sky api start", e.fix());
    }

    @Test
    void abortedPromptIsOurBug() {
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> SkyExitCodes.checkJob(exit(1,
                "Do you want to continue? [Y/n]: ", "Aborted!"), JOB));
        assertTrue(e.getMessage().startsWith("sky exec asked a question and was aborted"), e.getMessage());
    }

    @Test
    void otherClientErrorShowsTheLastErrorLine() {
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> SkyExitCodes.checkJob(exit(1,
                "ValueError: bad thing", "some trailing output"), JOB));
        assertEquals("sky exec failed (exit code 1): ValueError: bad thing", e.getMessage());
        assertTrue(e.fix().contains("SKYPILOT_DEBUG=1"), e.fix());
    }

    @Test
    void usageErrorNamesTheMinimumVersion() {
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> SkyExitCodes.checkJob(exit(2,
                "Usage: sky exec [OPTIONS] CLUSTER [ENTRYPOINT]...", "Error: No such option: --secret"), JOB));
        assertEquals("The installed sky rejected the exec command we sent: Error: No such option: --secret",
                e.getMessage());
        assertTrue(e.fix().contains("SkyPilot " + SkyExitCodes.MINIMUM_SKYPILOT + " or newer"), e.fix());
        assertTrue(e.fix().contains("0.10.0"), e.fix());
    }

    @Test
    void commandNotFound() {
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> SkyExitCodes.checkJob(exit(127,
                "/usr/bin/env: 'python3': No such file or directory"), JOB));
        assertEquals("sky exec could not run (exit code 127): /usr/bin/env: 'python3': No such file or directory",
                e.getMessage());
    }

    @Test
    void killedBySignal() {
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> SkyExitCodes.checkJob(exit(137), JOB));
        assertEquals("sky exec was killed (signal 9) before it finished.", e.getMessage());
        SkyFailedException negative = assertThrows(SkyFailedException.class,
                () -> SkyExitCodes.checkJob(exit(-1), JOB));
        assertEquals("sky exec was killed before it finished.", negative.getMessage());
    }

    @Test
    void otherExitCode() {
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> SkyExitCodes.checkJob(exit(3, "boom"),
                JOB));
        assertEquals("sky exec failed with exit code 3: boom", e.getMessage());
    }

    @Test
    void timeoutReportsTheCleanup() {
        SkyRunResult timedOut = new SkyRunResult(new Outcome.TimedOut(5), OptionalLong.of(7), List.of(), List.of(),
                "ran `sky cancel --yes gpu-x-12345 7`");
        JobFailedException e = assertThrows(JobFailedException.class, () -> SkyExitCodes.checkJob(timedOut, JOB));
        assertEquals("Remote job 7 on gpu-x-12345 (train.py) did not finish within the timeout (remote.timeout):"
                + " ran `sky cancel --yes gpu-x-12345 7`.", e.getMessage());
        assertTrue(e.fix().contains("sky queue gpu-x-12345"), e.fix());
        assertTrue(e.fix().contains("sky logs gpu-x-12345 7"), e.fix());
    }

    @Test
    void aTimeoutWithoutAJobIdOrCleanup() {
        SkyRunResult timedOut = new SkyRunResult(new Outcome.TimedOut(5), OptionalLong.empty(), List.of(), List.of(),
                "");
        JobFailedException e = assertThrows(JobFailedException.class, () -> SkyExitCodes.checkJob(timedOut, JOB));
        assertEquals("Remote job on gpu-x-12345 (train.py) did not finish within the timeout (remote.timeout).",
                e.getMessage());
    }

    @Test
    void stoppedBeforeTheJobIdSaysHowToFindAJobTheApiServerMayStillSubmit() {
        for (boolean timedOut : new boolean[] {true, false}) {
            SkyRunResult result = new SkyRunResult(timedOut ? new Outcome.TimedOut(5) : new Outcome.Interrupted(),
                    OptionalLong.empty(), List.of(), List.of(), "killed sky exec (interrupted) before it printed a job id; SkyPilot's API server may"
                            + " still submit the job (check with sky queue <cluster>)");
            JobFailedException e = assertThrows(JobFailedException.class, () -> SkyExitCodes.checkJob(result, JOB));
            assertTrue(e.fix().contains("Check whether it was submitted anyway: sky queue gpu-x-12345"), e.fix());
            assertTrue(e.fix().contains("Cancel it: sky cancel -y gpu-x-12345 <JOB_ID>"), e.fix());
            assertFalse(e.getMessage().contains("nothing"), e.getMessage());
        }
    }

    @Test
    void interruptReportsTheCleanup() {
        SkyRunResult interrupted = new SkyRunResult(new Outcome.Interrupted(), OptionalLong.of(7), List.of(),
                List.of(), "ran `sky cancel --yes gpu-x-12345 7`");
        JobFailedException e = assertThrows(JobFailedException.class, () -> SkyExitCodes.checkJob(interrupted, JOB));
        assertEquals("Remote job 7 on gpu-x-12345 (train.py) was interrupted: ran `sky cancel --yes gpu-x-12345 7`.",
                e.getMessage());
    }

    @Test
    void clientFailureForOtherSubcommands() {
        SkyFailedException down = SkyExitCodes.clientFailure("down", exit(2, "Error: No such option: --purge"),
                CLUSTER);
        assertEquals("The installed sky rejected the down command we sent: Error: No such option: --purge",
                down.getMessage());
        SkyFailedException launch = SkyExitCodes.clientFailure("launch", exit(1,
                "sky.exceptions.ResourcesUnavailableError: Failed to provision all possible launchable resources."),
                CLUSTER);
        assertEquals("sky launch failed (exit code 1): sky.exceptions.ResourcesUnavailableError: Failed to provision"
                + " all possible launchable resources.", launch.getMessage());
    }

    @Test
    void clientFailureWithoutAClusterDoesNotCrash() {
        SkyFailedException e = SkyExitCodes.clientFailure("version", exit(1,
                "FileNotFoundError: config file does not exist"), null);
        assertTrue(e.getMessage().contains("FileNotFoundError: config file does not exist"), e.getMessage());
        SkyFailedException notUp = SkyExitCodes.clientFailure("status", exit(1, "API server is not UP"), null);
        assertTrue(notUp.getMessage().contains("API server is not UP"), notUp.getMessage());
    }

    @Test
    void lastErrorLinePrefersErrorsOverTrailingOutput() {
        assertEquals("RuntimeError: x", exit(1, "a", "RuntimeError: x", "b").lastErrorLine());
        assertEquals("b", exit(1, "a", "  b  ").lastErrorLine());
        assertEquals("", exit(1).lastErrorLine());
    }
}
