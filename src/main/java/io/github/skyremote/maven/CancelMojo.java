package io.github.skyremote.maven;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.job.ClusterJobs;
import io.github.skyremote.core.job.JobRecords;
import io.github.skyremote.core.job.ManagedJobs;
import io.github.skyremote.core.process.SecretMasker;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Cancels a job: {@code sky cancel -y <cluster> <id>} (or {@code sky jobs cancel -y <id>} with {@code managed}), the
 * job found as {@code remote:logs} finds it; with {@code all}, every job of this user there. Says what it cancelled.
 * A job that is not running (it ended, or its cluster is gone) is not a failure: nothing runs, as asked; the build
 * log says so.
 */
@Mojo(name = "cancel", threadSafe = true, requiresProject = false, aggregator = true)
public class CancelMojo extends AbstractFollowUpMojo {
    /**
     * The job to cancel. Default: the job this workspace last submitted there, else (on a cluster) its latest running
     * job.
     */
    @Parameter(property = PropertyNames.JOB_ID)
    protected String jobId;

    /** Cancel all of this user's jobs on the cluster ({@code sky cancel --all}), or all managed jobs. */
    @Parameter(property = PropertyNames.ALL, defaultValue = "false")
    protected boolean all;

    @Override
    protected void resolveFollowUpParameters() throws RemoteException {
        jobId = userProperties.string(PropertyNames.JOB_ID, jobId);
        all = userProperties.bool(PropertyNames.ALL, all);
    }

    @Override
    protected void run() throws RemoteException {
        OptionalLong explicit = parseJobId(jobId);
        if (all && explicit.isPresent()) {
            throw new BadInputException(Message.of("Both ", Setting.JOB_ID.named(), " (" + explicit.getAsLong() + ") and ",
                    Setting.ALL.named(), " are set."), Message.of("Cancel one job (", Setting.JOB_ID.option("<id>"),
                            ") or all of them (", Setting.ALL.option(), "), not both."));
        }
        JobRecords records = records();
        if (managed) {
            OptionalLong id = explicit;
            String what = id.isEmpty() ? "" : records.findManaged(id.getAsLong()).map(e -> " (" + describe(e) + ")")
                    .orElse("");
            if (id.isEmpty() && !all) {
                JobRecords.Entry last = records.lastManaged().orElseThrow(() -> new BadInputException(
                        Message.of("This workspace recorded no managed job, and no ", Setting.JOB_ID.named(),
                                " is given."), Message.of("Name the job: ", Setting.JOB_ID.option("<id>"),
                                        " (list them: sky jobs queue), or cancel all of yours: ",
                                        Setting.ALL.option())));
                id = OptionalLong.of(last.id());
                what = " (" + describe(last) + ", the one this workspace last submitted)";
            }
            SkyCommandBuilder display = new SkyCommandBuilder(skyExecutable);
            if (dryRun) {
                printDryRun(all ? display.jobsCancelAll() : display.jobsCancel(id.getAsLong()));
                return;
            }
            ClusterJobs.Cancelled done = new ManagedJobs(runner(), new SkyCommandBuilder(skyPath()),
                    runSettings(defaultLogFile("cancel"), SecretMasker.NONE, p -> Optional.empty()), deadline,
                    new MavenSkyLog(getLog())).cancel(id, all);
            report(done, "managed job", what, "");
            return;
        }
        ClusterRef cluster = followUpCluster();
        OptionalLong id = explicit;
        String what = "";
        if (id.isPresent()) {
            what = records.find(cluster.name(), id.getAsLong()).map(e -> " (" + describe(e) + ")").orElse("");
        } else if (!all) {
            Optional<JobRecords.Entry> last = records.last(cluster.name());
            if (last.isPresent()) {
                id = OptionalLong.of(last.get().id());
                what = " (" + describe(last.get()) + ", the one this workspace last submitted there)";
            } else {
                getLog().info("This workspace recorded no job on " + cluster.name()
                        + ": cancelling its latest running job.");
            }
        }
        if (dryRun) {
            printDryRun(new SkyCommandBuilder(skyExecutable).cancel(cluster.name(), id, all));
            return;
        }
        ClusterJobs.Cancelled done = new ClusterJobs(runner(), new SkyCommandBuilder(skyPath()),
                runSettings(defaultLogFile("cancel"), SecretMasker.NONE, p -> Optional.empty()), deadline,
                new MavenSkyLog(getLog())).cancel(cluster, id, all);
        report(done, "job", what, " on " + cluster.name());
    }

    private void report(ClusterJobs.Cancelled done, String kind, String what, String where) {
        if (done.cancelled().isEmpty()) {
            new MavenSkyLog(getLog()).warn(Message.of("Nothing was cancelled: ", done.note(), "."));
            return;
        }
        String ids = done.cancelled().stream().map(String::valueOf).collect(Collectors.joining(", "));
        getLog().info("Cancelled " + kind + (done.cancelled().size() == 1 ? " " : "s ") + ids
                + (done.cancelled().size() == 1 ? what : "") + where + ".");
    }
}
