package io.github.skyremote.core.job;

import io.github.skyremote.core.sky.SkyRunSettings;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.sky.SkyCommand;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyRunResult;
import io.github.skyremote.core.sky.SkyRunner;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs a planned job with {@code sky exec} and owns its clean-up, as {@code ClusterLifecycle} owns a launch's: killing
 * the {@code sky} client leaves the job running on the cluster (docs/skypilot-facts.md#ctrl-c-and-kill), so when a timeout or
 * an interrupt stops it after the job id was printed, the job is cancelled ({@code sky cancel -y <cluster> <id>}).
 * Before the id is known there is nothing to name; the runner then says how to find a job the API server may still
 * submit.
 */
public final class JobExec {
    private JobExec() {
    }

    /**
     * @param settings display, log file and budget of the run; the clean-up and the line interceptor are the job's
     */
    public static SkyRunResult run(JobPlanner.PlannedJob job, ClusterRef cluster, SkyRunner runner,
            SkyCommandBuilder sky, SkyRunSettings settings) throws SkyFailedException {
        return runner.run(job.command(sky, cluster),
                settings.toBuilder().cleanup(cancelOnStop(sky, cluster)).interceptor(job.epilogue()).build());
    }

    /** The clean-up after a timeout or interrupt: cancel the job once its id is known. */
    static Function<SkyRunner.Progress, Optional<SkyCommand>> cancelOnStop(SkyCommandBuilder sky, ClusterRef cluster) {
        return progress -> progress.jobId().isPresent()
                ? Optional.of(sky.cancel(cluster.name(), progress.jobId().getAsLong()))
                : Optional.empty();
    }
}
