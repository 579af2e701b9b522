package io.github.skyremote.core.job;

import io.github.skyremote.core.sky.SkyRunSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.RecordingLog;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.process.Deadline;
import io.github.skyremote.core.process.ScriptedLauncher;
import io.github.skyremote.core.process.ScriptedLauncher.Reply;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following, cancelling and listing a cluster's jobs against a scripted {@code sky}. */
class ClusterJobsTest {
    private static final ClusterRef CLUSTER = new ClusterRef("gpu-demo-12345", ".cluster_name_gpu", Device.GPU);
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;

    private final RecordingLog log = new RecordingLog();
    private ScriptedLauncher sky;

    @BeforeEach
    void setUp() {
        sky = new ScriptedLauncher(tmp);
    }

    private ClusterJobs jobs(Deadline deadline) {
        return new ClusterJobs(new SkyRunner(sky, tmp, log, 10), new SkyCommandBuilder("sky"),
                SkyRunSettings.builder().build(), deadline, log);
    }

    @Test
    void logsFailsAsExecWouldWithTheScriptsCode() {
        sky.on("logs", new Reply("(sky-cmd, pid=3) about to fail\nERROR: Job 7 failed with return code list: [3]\n"
                + "(sky-cmd, pid=3) @@remote-maven-plugin:" + TOKEN + ":exit:3@@\n", "", 100, false, 0, null));
        JobFailedException e = assertThrows(JobFailedException.class, () -> jobs(Deadline.none()).logs(CLUSTER,
                OptionalLong.of(7), "fail.py", true, null));
        assertEquals("Remote job 7 on gpu-demo-12345 failed: fail.py exited with code 3.", e.getMessage());
        assertEquals(List.of(List.of("logs", "--tail", "0", "gpu-demo-12345", "7")), sky.calls());
    }

    @Test
    void aPrintedFailureFailsEvenWhenSkySaysSucceeded() {
        sky.on("logs", Reply.ok("(sky-cmd, pid=3) @@remote-maven-plugin:" + TOKEN + ":exit:1@@\n"
                + "✓ Job finished (status: SUCCEEDED).\n"));
        JobFailedException e = assertThrows(JobFailedException.class, () -> jobs(Deadline.none()).logs(CLUSTER,
                OptionalLong.of(7), "train.py", true, null));
        assertTrue(e.getMessage().startsWith("Remote job 7 on gpu-demo-12345 failed: train.py exited with code 1"),
                e.getMessage());
    }

    @Test
    void aPrintOfARunningJobPasses() throws Exception {
        sky.on("logs", Reply.ok("(sky-cmd, pid=3) tick 1\n"), new Reply("Job 7: RUNNING\n", "", 101, false, 0, null));
        jobs(Deadline.none()).logs(CLUSTER, OptionalLong.of(7), "long.py", false, null);
        assertEquals(List.of(List.of("logs", "--no-follow", "--tail", "0", "gpu-demo-12345", "7"),
                List.of("logs", "--status", "gpu-demo-12345", "7")), sky.calls());
        assertTrue(log.info().stream().anyMatch(l -> l.startsWith("Job 7 on gpu-demo-12345 is RUNNING: that was its"
                + " log so far.")), log.info().toString());
    }

    @Test
    void aPrintOfAFinishedJobGetsItsOutcome() {
        sky.on("logs", Reply.ok("(sky-cmd, pid=3) done\n"), new Reply("Job 7: CANCELLED\n", "", 103, false, 0, null));
        JobFailedException e = assertThrows(JobFailedException.class, () -> jobs(Deadline.none()).logs(CLUSTER,
                OptionalLong.of(7), "long.py", false, null));
        assertEquals("Remote job 7 on gpu-demo-12345 was cancelled.", e.getMessage());
    }

    @Test
    void aGoneClusterTookItsJobsAlong() {
        sky.on("logs", Reply.exit(1, "sky.exceptions.ClusterDoesNotExist: Cluster 'gpu-demo-12345' does not exist.\n"));
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> jobs(Deadline.none()).logs(CLUSTER,
                OptionalLong.empty(), "the latest job", true, null));
        assertTrue(e.getMessage().startsWith("Cluster gpu-demo-12345 (from .cluster_name_gpu) no longer exists"));
        sky.on("cancel", Reply.exit(2, "Usage: sky cancel [OPTIONS] CLUSTER [JOBS]...\n\nError: Cluster"
                + " 'gpu-demo-12345' does not exist.\n"));
        ClusterJobs.Cancelled none = assertDoesNotFail(OptionalLong.of(7), false);
        assertTrue(none.cancelled().isEmpty() && none.note().toString().contains("no longer exists"), none.note().toString());
    }

    @Test
    void cancelReadsTheIdsInBothSpellings() throws Exception {
        sky.on("cancel", Reply.ok("Cancelled job ID(s): 1, 2\n"), Reply.ok("Cancelled SkyPilot job(s) with ID(s): 7\n"),
                Reply.ok("No jobs cancelled. They may be in terminal states.\n"));
        assertEquals(List.of(1L, 2L), assertDoesNotFail(OptionalLong.empty(), true).cancelled());
        assertEquals(List.of("cancel", "--yes", "--all", "gpu-demo-12345"), sky.calls().get(0));
        assertEquals(List.of(7L), assertDoesNotFail(OptionalLong.of(7), false).cancelled());
        assertEquals(List.of("cancel", "--yes", "gpu-demo-12345", "7"), sky.calls().get(1));
        ClusterJobs.Cancelled none = assertDoesNotFail(OptionalLong.empty(), false);
        assertEquals("no job on gpu-demo-12345 was running; its jobs: sky queue gpu-demo-12345", none.note().toString());
        assertEquals(List.of("cancel", "--yes", "gpu-demo-12345"), sky.calls().get(2));
    }

    @Test
    void statusSaysWhichClustersAreListed() throws Exception {
        sky.on("status", Reply.ok("Clusters\nNAME            INFRA  RESOURCES  STATUS  AUTOSTOP  LAUNCHED\n"
                + "gpu-demo-12345  gcp    1x(H100)   UP      30m (down)  1 hr ago\n"));
        ClusterRef gone = new ClusterRef("gpu-gone-11111", ".cluster_name_gpu", Device.GPU);
        var found = jobs(Deadline.none()).status(List.of(CLUSTER, gone));
        assertEquals(List.of("gpu-demo-12345"), found.stream().map(s -> s.name()).toList());
        assertEquals("UP", found.get(0).status());
        assertEquals(List.of("status", "--refresh", "gpu-demo-12345", "gpu-gone-11111"), sky.calls().get(0));
        assertTrue(log.info().contains("gpu-demo-12345  gcp    1x(H100)   UP      30m (down)  1 hr ago"));
    }

    private ClusterJobs.Cancelled assertDoesNotFail(OptionalLong id, boolean all) {
        try {
            return jobs(Deadline.none()).cancel(CLUSTER, id, all);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
