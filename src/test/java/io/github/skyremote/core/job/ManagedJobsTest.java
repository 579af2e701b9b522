package io.github.skyremote.core.job;

import io.github.skyremote.core.Spelling;
import io.github.skyremote.core.sky.SkyRunSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.RecordingLog;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.process.Deadline;
import io.github.skyremote.core.process.ScriptedLauncher;
import io.github.skyremote.core.process.ScriptedLauncher.Reply;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Submitting, following and cancelling managed jobs against a scripted {@code sky jobs}. */
class ManagedJobsTest {
    private static final String LAUNCHED = "YAML to run: /tmp/t/train-12345.yaml\n"
            + "Launching managed job 'train-12345' from jobs controller...\n"
            + "\u001b[0m⚙︎ Job submitted, ID: \u001b[1m101\u001b[0m\n\n📋 Useful Commands\nManaged Job ID: 3\n"
            + "├── To cancel the job:\t\tsky jobs cancel 3\n";
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;

    private final RecordingLog log = new RecordingLog();
    private ScriptedLauncher sky;

    @BeforeEach
    void setUp() {
        sky = new ScriptedLauncher(tmp);
    }

    private ManagedJobs jobs(Deadline deadline) {
        return new ManagedJobs(new SkyRunner(sky, tmp, log, 10), new SkyCommandBuilder("sky"),
                SkyRunSettings.builder().build(), deadline, log);
    }

    private long launch(ManagedJobs jobs) throws RemoteException {
        return jobs.launch(tmp.resolve("train-12345.yaml"), "train-12345", "FAILOVER", List.of("HF_TOKEN"), "train.py");
    }

    @Test
    void launchReturnsTheManagedIdNotTheControllersJobId() throws Exception {
        sky.on("jobs", Reply.ok(LAUNCHED));
        assertEquals(3, launch(jobs(Deadline.none())));
        assertEquals(List.of(List.of("jobs", "launch", tmp.resolve("train-12345.yaml").toString(), "--name",
                "train-12345", "--yes", "--detach-run", "--job-recovery", "FAILOVER", "--secret", "HF_TOKEN")),
                sky.calls());
    }

    @Test
    void aLaunchThatPrintsNoIdFailsNamingTheJob() {
        sky.on("jobs", Reply.ok("Launching managed job 'train-12345' from jobs controller...\n⚙︎ Job submitted, ID: 101\n"));
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> launch(jobs(Deadline.none())));
        assertTrue(e.describe(Spelling.NEUTRAL).contains("sky jobs cancel -y --name train-12345"), e.describe(Spelling.NEUTRAL));
    }

    @Test
    void aLaunchInterruptedBeforeTheIdCancelsByName() {
        sky.on("jobs", Reply.hang(), Reply.ok("No running job found with name 'train-12345'.\n"));
        JobFailedException e = assertThrows(JobFailedException.class, () -> launch(jobs(new Deadline(1,
                System::nanoTime))));
        assertTrue(e.getMessage().contains("did not finish within the timeout while it was being submitted"),
                e.getMessage());
        assertEquals(List.of("jobs", "cancel", "--yes", "--name", "train-12345"), sky.calls().get(1));
    }

    @Test
    void followingReadsTheStatusAndTheProgramsExitAndATimeoutCancelsById() throws Exception {
        JobEpilogue epilogue = new JobEpilogue(TOKEN, "fedcba9876543210fedcba9876543210");
        sky.on("jobs", Reply.ok("(train, pid=7) step 1\nThe job cluster is preempted or failed.\n(train, pid=9) step 1\n"
                + "(train, pid=9) @@remote-maven-plugin:" + TOKEN + ":exit:0@@\n✓ Job finished (status: SUCCEEDED).\n"
                + "✓ Managed job finished: 3 (status: SUCCEEDED).\n"));
        ManagedJobs.Followed job = jobs(Deadline.none()).follow(OptionalLong.of(3), true, epilogue,
                epilogue::exitStatus, true);
        assertEquals(Optional.of("SUCCEEDED"), job.status());
        assertEquals(1, job.preemptions());
        assertEquals(OptionalInt.of(0), job.printedExit());
        assertEquals(List.of("jobs", "logs", "--tail", "0", "3"), sky.calls().get(0));
        assertTrue(log.info().stream().anyMatch(l -> l.startsWith("The managed job's cluster was preempted or failed"
                + " (job 3): SkyPilot recovers it")), log.info().toString());
        ManagedJobOutcome.check(job, new ManagedJobOutcome.Context("train.py", "H100:1", null));

        sky.on("jobs", Reply.hang(), Reply.ok("Job with ID 3 is scheduled to be cancelled.\n"));
        ManagedJobs.Followed stopped = jobs(new Deadline(1, System::nanoTime)).follow(OptionalLong.of(3), true,
                epilogue, epilogue::exitStatus, true);
        assertEquals(List.of("jobs", "cancel", "--yes", "3"), sky.calls().get(sky.calls().size() - 1));
        JobFailedException e = assertThrows(JobFailedException.class, () -> ManagedJobOutcome.check(stopped,
                new ManagedJobOutcome.Context("train.py", "H100:1", null)));
        assertTrue(e.getMessage().startsWith("Managed job 3 (train.py) did not finish within the timeout: "),
                e.getMessage());
    }

    @Test
    void logsOfAnotherBuildsJobOnlyStopFollowing() {
        sky.on("jobs", Reply.hang());
        JobFailedException e = assertThrows(JobFailedException.class, () -> jobs(new Deadline(1, System::nanoTime))
                .logs(OptionalLong.of(3), true, new ManagedJobOutcome.Context("train.py", null, null)));
        assertEquals("Stopped following managed job 3 (timeout); the job itself keeps running.", e.getMessage());
        assertEquals(List.of(List.of("jobs", "logs", "--tail", "0", "3")), sky.calls(), "nothing was cancelled");
    }

    @Test
    void aJobStillRunningAfterAPrintIsNoFailure() throws Exception {
        sky.on("jobs", Reply.ok("(train, pid=7) step 1\n"));
        jobs(Deadline.none()).logs(OptionalLong.empty(), false, new ManagedJobOutcome.Context("the job", null, null));
        assertEquals(List.of("jobs", "logs", "--no-follow", "--tail", "0"), sky.calls().get(0));
        assertTrue(log.info().contains("The latest managed job is still running: that was its log so far. Follow it:"
                + " sky jobs logs <JOB_ID>"), log.info().toString());
    }

    @Test
    void cancelSaysWhatItCancelledOrWhatStoodInTheWay() throws Exception {
        sky.on("jobs", Reply.ok("Jobs with IDs 3, 4 are scheduled to be cancelled.\n"),
                Reply.ok("Job 9 not found. Skipped.\nNo job to cancel.\n"),
                new Reply("", "sky.exceptions.ClusterNotUpError: No in-progress managed jobs.\n", 1, false, 0, null));
        assertEquals(List.of(3L, 4L), jobs(Deadline.none()).cancel(OptionalLong.empty(), true).cancelled());
        assertEquals(List.of("jobs", "cancel", "--yes", "--all"), sky.calls().get(0));
        ClusterJobs.Cancelled none = jobs(Deadline.none()).cancel(OptionalLong.of(9), false);
        assertEquals(List.of(), none.cancelled());
        assertEquals("managed job 9 is not running (SkyPilot: Job 9 not found. Skipped. No job to cancel.)", none.note().toString());
        assertEquals(List.of("jobs", "cancel", "--yes", "9"), sky.calls().get(1));
        assertEquals("this user has no managed jobs (no jobs controller yet)",
                jobs(Deadline.none()).cancel(OptionalLong.of(9), false).note().toString());
    }
}
