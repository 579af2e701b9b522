package io.github.skyremote.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.skyremote.core.sky.SkyRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What {@code sky jobs launch} / {@code sky jobs logs} print, as SkyPilot 0.14.1 prints it (ANSI already stripped). */
class ManagedJobOutputTest {
    private final List<String> notices = new ArrayList<>();
    private final ManagedJobOutput output = new ManagedJobOutput(SkyRunner.LineInterceptor.NONE, notices::add);

    private void feed(String... lines) {
        for (String line : lines) {
            assertNull(output.intercept(line), "sky's lines are shown as they are: " + line);
        }
    }

    @Test
    void theIdIsTheManagedJobsNotTheControllersJob() {
        feed("YAML to run: /tmp/x/train-12345.yaml", "Launching managed job 'train-12345' from jobs controller...",
                "⚙︎ Job submitted, ID: 101");
        assertEquals(OptionalLong.empty(), output.jobId(), "'Job submitted' is the jobs controller's own job");
        feed("", "📋 Useful Commands", "Managed Job ID: 3", "├── To cancel the job:\t\tsky jobs cancel 3");
        assertEquals(OptionalLong.of(3), output.jobId());
        assertEquals(Optional.empty(), output.status());
    }

    @Test
    void theStatusOfAFollowedJob() {
        feed("├── Waiting for task resources on 1 node.", "(train, pid=7) step 1", "✓ Job finished (status: FAILED).",
                "✓ Managed job finished: 4 (status: FAILED_SETUP).");
        assertEquals(Optional.of("FAILED_SETUP"), output.status(), "the managed status wins over the task's");
        assertEquals(OptionalLong.of(4), output.jobId());
    }

    @Test
    void theStatusOfAJobThatEndedBeforeItWasFollowed() {
        feed("Job 5 is already in terminal state FAILED_NO_RESOURCE. For more details, run: sky jobs logs --controller 5",
                "Failure reason: Failed to provision all possible launchable resources. Reason: no capacity");
        assertEquals(Optional.of("FAILED_NO_RESOURCE"), output.status());
        assertEquals(OptionalLong.of(5), output.jobId());
        assertEquals(Optional.of("Failed to provision all possible launchable resources. Reason: no capacity"),
                output.failureReason());

        ManagedJobOutput printed = new ManagedJobOutput(SkyRunner.LineInterceptor.NONE, notices::add);
        printed.intercept("(train, pid=7) done");
        printed.intercept("✓ Job finished (status: SUCCEEDED).");
        assertEquals(Optional.of("SUCCEEDED"), printed.status(), "a finished job's log printed again");
    }

    @Test
    void theJobsOwnOutputCannotPassForSkysLines() {
        feed("(train, pid=7) Managed Job ID: 99", "(train, pid=7) ✓ Managed job finished: 99 (status: SUCCEEDED).",
                "(train, pid=7) Job 99 is already in terminal state SUCCEEDED.", "(train, pid=7) Job finished (status: SUCCEEDED).",
                "(train, pid=7) The job cluster is preempted or failed.");
        assertEquals(OptionalLong.empty(), output.jobId());
        assertEquals(Optional.empty(), output.status());
        assertEquals(0, output.preemptions());
    }

    @Test
    void aPreemptionIsProgressAndSaidSo() {
        feed("Managed Job ID: 2", "(train, pid=7) step 1", "The job cluster is preempted or failed.",
                "(train, pid=9) step 0");
        assertEquals(1, output.preemptions());
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).contains("(job 2): SkyPilot recovers it on a new cluster (RECOVERING)"), notices.get(0));
    }

    @Test
    void theJobsFramesGoToItsEpilogueFirst() {
        JobEpilogue epilogue = new JobEpilogue("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210");
        ManagedJobOutput withFrames = new ManagedJobOutput(epilogue, notices::add);
        assertEquals("", withFrames.intercept("(train, pid=7) @@remote-maven-plugin:0123456789abcdef0123456789abcdef:exit:3@@"));
        assertEquals(3, epilogue.exitStatus().getAsInt());
        assertNull(withFrames.intercept("✓ Managed job finished: 1 (status: FAILED)."));
        assertEquals(Optional.of("FAILED"), withFrames.status());
    }
}
