package io.github.skyremote.maven;

import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.job.ClusterJobs;
import io.github.skyremote.core.job.JobRecords;
import io.github.skyremote.core.job.ManagedJobOutcome;
import io.github.skyremote.core.job.ManagedJobs;
import io.github.skyremote.core.process.SecretMasker;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Follows a job's output ({@code sky logs <cluster> <id>}, or {@code sky jobs logs <id>} with {@code managed}) until
 * it ends, or prints it so far with {@code follow=false}, and passes or fails the build as {@code remote:exec} would
 * for that job. The job: {@code jobId}, else the one this workspace last submitted (to that cluster, or as a managed
 * job), else the latest one. For a Jenkins stage after a detached training stage. A timeout or an interrupt only stops
 * following: the job keeps running ({@code remote:cancel} stops it).
 */
@Mojo(name = "logs", threadSafe = true, requiresProject = false, aggregator = true)
public class LogsMojo extends AbstractFollowUpMojo {
    /**
     * The job to follow. Default: the job this workspace last submitted there (recorded by {@code remote:exec} and
     * {@code remote:pytest}), else the cluster's latest job.
     */
    @Parameter(property = PropertyNames.JOB_ID)
    protected String jobId;

    /** Follow the job until it ends; {@code false} prints its log so far and returns (a running job then passes). */
    @Parameter(property = PropertyNames.FOLLOW, defaultValue = "true")
    protected boolean follow;

    @Override
    protected void resolveFollowUpParameters() throws RemoteException {
        jobId = userProperties.string(PropertyNames.JOB_ID, jobId);
        follow = userProperties.bool(PropertyNames.FOLLOW, follow);
    }

    @Override
    protected void run() throws RemoteException {
        OptionalLong explicit = parseJobId(jobId);
        JobRecords records = records();
        Path log = defaultLogFile("logs");
        if (managed) {
            OptionalLong id = explicit;
            String what = "the job";
            if (id.isPresent()) {
                what = records.findManaged(id.getAsLong()).map(AbstractFollowUpMojo::describe).orElse(what);
            } else {
                Optional<JobRecords.Entry> last = records.lastManaged();
                if (last.isPresent()) {
                    id = OptionalLong.of(last.get().id());
                    what = describe(last.get());
                    getLog().info("Managed job " + id.getAsLong() + " (" + what + ") is the one this workspace last"
                            + " submitted, at " + last.get().submittedAt() + ".");
                } else {
                    getLog().info("This workspace recorded no managed job: showing the latest one.");
                }
            }
            if (dryRun) {
                printDryRun(new SkyCommandBuilder(skyExecutable).jobsLogs(id, follow));
                return;
            }
            new ManagedJobs(runner(), new SkyCommandBuilder(skyPath()), runSettings(log, SecretMasker.NONE,
                    p -> Optional.empty()), deadline, new MavenSkyLog(getLog()))
                    .logs(id, follow, new ManagedJobOutcome.Context(what, null, log));
            return;
        }
        ClusterRef cluster = followUpCluster();
        OptionalLong id = explicit;
        String what = "the latest job";
        if (id.isPresent()) {
            what = records.find(cluster.name(), id.getAsLong()).map(AbstractFollowUpMojo::describe)
                    .orElse("job " + id.getAsLong());
        } else {
            Optional<JobRecords.Entry> last = records.last(cluster.name());
            if (last.isPresent()) {
                id = OptionalLong.of(last.get().id());
                what = describe(last.get());
                getLog().info("Job " + id.getAsLong() + " (" + what + ") is the one this workspace last submitted to "
                        + cluster.name() + ", at " + last.get().submittedAt() + ".");
            } else {
                getLog().info("This workspace recorded no job on " + cluster.name() + ": showing its latest job.");
            }
        }
        if (dryRun) {
            printDryRun(new SkyCommandBuilder(skyExecutable).logs(cluster.name(), id, follow));
            return;
        }
        new ClusterJobs(runner(), new SkyCommandBuilder(skyPath()), runSettings(log, SecretMasker.NONE,
                p -> Optional.empty()), deadline, new MavenSkyLog(getLog())).logs(cluster, id, what, follow, log);
    }
}
