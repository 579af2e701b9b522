package io.github.skyremote.core.sky;

import io.github.skyremote.core.Action;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.Spelling;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.process.Outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the sky client's own exit codes mean; the job's codes are {@code core.job.JobOutcomesTest}'s. */
class SkyExitCodesTest {
    private static final ClusterRef CLUSTER = new ClusterRef("gpu-x-12345", ".cluster_name_gpu", Device.GPU);

    private static SkyRunResult exit(int exit, String... tail) {
        return SkyRunResults.result(exit, OptionalLong.of(7), List.of(), List.of(tail), false, false, "");
    }

    @Test
    void clusterThatDoesNotExistSaysProvisionAgain() {
        SkyFailedException e = SkyExitCodes.clientFailure("exec", exit(1,
                "Some progress line",
                "sky.exceptions.ClusterDoesNotExist: Cluster 'gpu-x' does not exist."), CLUSTER);
        assertTrue(e.getMessage().startsWith("Cluster gpu-x-12345 (from .cluster_name_gpu) no longer exists"),
                e.getMessage());
        assertTrue(e.getMessage().contains("no longer exists"), e.getMessage());
        assertTrue(e.fix().mentions(Action.PROVISION), e.fix().toString());
        assertEquals("Provision a new one: {provision device=gpu accelerator=H100:1}", e.fix().toString());
    }

    @Test
    void clusterNotUpSaysStartIt() {
        SkyFailedException e = SkyExitCodes.clientFailure("exec", exit(1,
                "sky.exceptions.ClusterNotUpError: Cluster 'gpu-x-12345' with status STOPPED is not up."), CLUSTER);
        assertEquals("Cluster gpu-x-12345 (from .cluster_name_gpu) is not UP: sky.exceptions.ClusterNotUpError:"
                + " Cluster 'gpu-x-12345' with status STOPPED is not up.", e.getMessage());
        assertTrue(e.fix().toString().contains("sky start -y gpu-x-12345"), e.fix().toString());
        assertTrue(e.fix().toString().contains("{provision device=gpu"), e.fix().toString());
    }

    @Test
    void apiVersionMismatch() {
        SkyFailedException e = SkyExitCodes.clientFailure("exec", exit(1,
                "sky.exceptions.APIVersionMismatchError: Client and server versions differ."), CLUSTER);
        assertTrue(e.getMessage().startsWith("The sky client and its API server have different versions:"),
                e.getMessage());
        assertEquals("Restart the local API server: sky api stop && sky api start", e.fix().toString());
    }

    @Test
    void abortedPromptIsOurBug() {
        SkyFailedException e = SkyExitCodes.clientFailure("exec", exit(1,
                "Do you want to continue? [Y/n]: ", "Aborted!"), CLUSTER);
        assertTrue(e.getMessage().startsWith("sky exec asked a question and was aborted"), e.getMessage());
    }

    @Test
    void otherClientErrorShowsTheLastErrorLine() {
        SkyFailedException e = SkyExitCodes.clientFailure("exec", exit(1,
                "ValueError: bad thing", "some trailing output"), CLUSTER);
        assertEquals("sky exec failed (exit code 1): ValueError: bad thing", e.getMessage());
        assertTrue(e.fix().toString().contains("SKYPILOT_DEBUG=1"), e.fix().toString());
    }

    @Test
    void usageErrorNamesTheMinimumVersion() {
        SkyFailedException e = SkyExitCodes.clientFailure("exec", exit(2,
                "Usage: sky exec [OPTIONS] CLUSTER [ENTRYPOINT]...", "Error: No such option: --secret"), CLUSTER);
        assertEquals("The installed sky rejected the exec command we sent: Error: No such option: --secret",
                e.getMessage());
        assertTrue(e.fix().toString().contains("SkyPilot " + SkyExitCodes.MINIMUM_SKYPILOT + " or newer"), e.fix().toString());
        assertTrue(e.fix().toString().contains("0.10.0"), e.fix().toString());
    }

    @Test
    void commandNotFound() {
        SkyFailedException e = SkyExitCodes.clientFailure("exec", exit(127,
                "/usr/bin/env: 'python3': No such file or directory"), CLUSTER);
        assertEquals("sky exec could not run (exit code 127): /usr/bin/env: 'python3': No such file or directory",
                e.getMessage());
    }

    @Test
    void killedBySignal() {
        SkyFailedException e = SkyExitCodes.clientFailure("exec", exit(137), CLUSTER);
        assertEquals("sky exec was killed (signal 9) before it finished.", e.getMessage());
        SkyFailedException negative = SkyExitCodes.clientFailure("exec", exit(-1), CLUSTER);
        assertEquals("sky exec was killed before it finished.", negative.getMessage());
    }

    @Test
    void otherExitCode() {
        SkyFailedException e = SkyExitCodes.clientFailure("exec", exit(3, "boom"), CLUSTER);
        assertEquals("sky exec failed with exit code 3: boom", e.getMessage());
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
