package io.github.skyremote.core.job;

import io.github.skyremote.core.process.Outcome;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.sky.SkyRunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every managed status, and the exit codes without one, mapped to the build's result. */
class ManagedJobOutcomeTest {
    private static final ManagedJobOutcome.Context CONTEXT = new ManagedJobOutcome.Context("train.py", "H100:8, spot",
            Path.of("target/remote/exec-default-cli.log"));

    private static ManagedJobs.Followed job(String status, int exit, List<Integer> returnCodes, OptionalInt printed,
            String reason) {
        return new ManagedJobs.Followed(OptionalLong.of(3), Optional.ofNullable(status), Optional.ofNullable(reason),
                0, printed, new SkyRunResult(new Outcome.Exited(exit), OptionalLong.empty(), returnCodes,
                        List.of("last line"), ""));
    }

    private static RemoteException fails(ManagedJobs.Followed job) {
        return assertThrows(RemoteException.class, () -> ManagedJobOutcome.check(job, CONTEXT));
    }

    @Test
    void succeeded() {
        assertDoesNotThrow(() -> ManagedJobOutcome.check(job("SUCCEEDED", 0, List.of(), OptionalInt.of(0), null),
                CONTEXT));
    }

    @Test
    void aScriptThatFailedWhileSkyPilotSaysSucceededFails() {
        RemoteException e = fails(job("SUCCEEDED", 0, List.of(), OptionalInt.of(2), null));
        assertEquals("Managed job 3 failed: train.py exited with code 2 (SkyPilot reported the job as SUCCEEDED; the"
                + " code is the one the job printed itself).", e.getMessage());
    }

    @Test
    void aSucceededLineDoesNotHideAFailingSky() {
        RemoteException e = fails(job("SUCCEEDED", 1, List.of(), OptionalInt.empty(), null));
        assertTrue(e instanceof SkyFailedException && e.getMessage().startsWith("sky jobs logs failed (exit code 1)"),
                e.getMessage());
        // "Job finished (status: SUCCEEDED)" of one task, while sky's exit code says the job failed
        assertEquals("Managed job 3 failed: train.py exited with code 4.",
                fails(job("SUCCEEDED", 100, List.of(4), OptionalInt.empty(), null)).getMessage());
    }

    @Test
    void failedNamesTheScriptsCode() {
        RemoteException e = fails(job("FAILED", 100, List.of(3), OptionalInt.of(3), null));
        assertTrue(e instanceof JobFailedException);
        assertEquals("Managed job 3 failed: train.py exited with code 3.", e.getMessage());
        assertTrue(e.fix().toString().contains("Again: sky jobs logs 3    What SkyPilot did: sky jobs logs --controller 3"));
        assertEquals("Managed job 3 failed: train.py exited with code 5.",
                fails(job("FAILED", 100, List.of(5), OptionalInt.empty(), null)).getMessage());
    }

    @Test
    void failedSetup() {
        RemoteException e = fails(job("FAILED_SETUP", 100, List.of(1), OptionalInt.empty(), null));
        assertEquals("Managed job 3 failed in its setup (FAILED_SETUP), before train.py ran: the setup exited with"
                + " code 1.", e.getMessage());
    }

    @Test
    void noResourceSaysWhatToTry() {
        RemoteException e = fails(job("FAILED_NO_RESOURCE", 100, List.of(), OptionalInt.empty(), "no spot H100"));
        assertTrue(e instanceof JobFailedException);
        assertEquals("Managed job 3 got no resources (FAILED_NO_RESOURCE): no cloud could provide H100:8, spot:"
                + " no spot H100.", e.getMessage());
        assertTrue(e.fix().toString().contains("allow on-demand instances ({useSpot=false})") && e.fix().toString().contains("sky gpus list")
                && e.fix().toString().contains("sky jobs logs --controller 3"), e.fix().toString());
    }

    @Test
    void prechecksAndTheControllerAreNotTheScript() {
        assertTrue(fails(job("FAILED_PRECHECKS", 100, List.of(), OptionalInt.empty(), "invalid name")).getMessage()
                .equals("Managed job 3 was refused by SkyPilot's prechecks (FAILED_PRECHECKS): invalid name."));
        RemoteException controller = fails(job("FAILED_CONTROLLER", 100, List.of(), OptionalInt.empty(), null));
        assertTrue(controller instanceof SkyFailedException);
        assertEquals("SkyPilot's jobs controller failed while it ran managed job 3 (FAILED_CONTROLLER).",
                controller.getMessage());
    }

    @Test
    void cancelledAndTheExitCodesWithoutAStatus() {
        assertEquals("Managed job 3 (train.py) was cancelled.",
                fails(job("CANCELLED", 103, List.of(), OptionalInt.empty(), null)).getMessage());
        assertEquals("Managed job 3 (train.py) was cancelled.",
                fails(job(null, 103, List.of(), OptionalInt.empty(), null)).getMessage());
        assertEquals("Managed job 3 was not found.", fails(job(null, 102, List.of(), OptionalInt.empty(), null))
                .getMessage());
        assertEquals("Managed job 3 had not finished when sky stopped following it.",
                fails(job(null, 101, List.of(), OptionalInt.empty(), null)).getMessage());
        assertEquals("Managed job 3 failed: train.py exited with a non-zero code.",
                fails(job(null, 100, List.of(), OptionalInt.empty(), null)).getMessage());
    }

    @Test
    void thePytestPathNeedsTheProgramsOwnEnd() {
        assertDoesNotThrow(() -> ManagedJobOutcome.requireProgramOutcome(job("FAILED", 100, List.of(1),
                OptionalInt.of(1), null), CONTEXT));
        assertThrows(JobFailedException.class, () -> ManagedJobOutcome.requireProgramOutcome(job("CANCELLED", 103,
                List.of(), OptionalInt.empty(), null), CONTEXT));
    }
}
