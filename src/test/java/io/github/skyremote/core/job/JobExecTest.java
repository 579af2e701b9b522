package io.github.skyremote.core.job;

import io.github.skyremote.core.process.Outcome;
import io.github.skyremote.core.process.OutputMode;
import io.github.skyremote.core.sky.SkyRunSettings;
import io.github.skyremote.core.RecordingLog;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.process.ScriptedLauncher;
import io.github.skyremote.core.process.ScriptedLauncher.Reply;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyRunResult;
import io.github.skyremote.core.sky.SkyRunner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job's clean-up is the core's: stopped after its id is known, the job is cancelled on the cluster. */
class JobExecTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();
    private final ClusterRef cluster = new ClusterRef("gpu-x-12345", ".cluster_name_gpu", Device.GPU);
    private ScriptedLauncher sky;
    private JobPlanner.PlannedJob job;

    @BeforeEach
    void setUp() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("pyproject.toml"), String.join("\n", "[project]", "name = \"lynx\"",
                "[project.optional-dependencies]", "gpu = [\"torch\"]", ""));
        Files.writeString(project.resolve("train.py"), "print('x')\n");
        job = JobPlanner.plan(new JobPlanner.JobRequest(Device.GPU, project, PythonInvocation.script("train.py",
                List.of(), new JobEpilogue(TOKEN, "r3p0rt")), null, null, null, null, Map.of(), List.of(), false),
                Map.of());
        sky = new ScriptedLauncher(Files.createDirectories(dir.resolve("sky")));
    }

    private SkyRunResult run(long timeoutSeconds) throws Exception {
        return JobExec.run(job, cluster, new SkyRunner(sky, dir, log, 10), new SkyCommandBuilder("sky"),
                SkyRunSettings.builder().output(OutputMode.CAPTURED).timeoutSeconds(timeoutSeconds).build());
    }

    @Test
    void aJobStoppedAfterItsIdIsKnownIsCancelled() throws Exception {
        sky.on("exec", new Reply("Job submitted, ID: 7\n", "", 0, true, 0, null))
                .on("cancel", Reply.ok("Cancelling jobs (7) on cluster gpu-x-12345...done.\n"));
        SkyRunResult result = run(1);
        assertTrue(result.outcome() instanceof Outcome.TimedOut, result.outcome().toString());
        assertEquals(List.of("exec", "cancel"), sky.subcommands(), sky.calls().toString());
        assertEquals(List.of("cancel", "--yes", "gpu-x-12345", "7"), sky.calls().get(1));
        assertTrue(result.cleanup().contains("the remote job was cancelled"), result.cleanup());
    }

    @Test
    void aJobStoppedBeforeItsIdIsKnownHasNothingToCancel() throws Exception {
        sky.on("exec", Reply.hang());
        SkyRunResult result = run(1);
        assertTrue(result.outcome() instanceof Outcome.TimedOut, result.outcome().toString());
        assertEquals(List.of("exec"), sky.subcommands());
    }

    @Test
    void theJobsPrintedExitStatusIsReadBackFromItsOutput() throws Exception {
        sky.on("exec", Reply.ok("Job submitted, ID: 3\n@@remote-maven-plugin:" + TOKEN + ":exit:4@@\n"));
        SkyRunResult result = run(0);
        assertEquals(OptionalLong.of(3), result.jobId());
        assertEquals(OptionalInt.of(4), job.epilogue().exitStatus());
    }
}
