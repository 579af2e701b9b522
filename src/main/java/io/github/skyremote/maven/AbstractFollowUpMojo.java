package io.github.skyremote.maven;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.job.JobRecords;
import java.util.Locale;
import java.util.OptionalLong;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What {@code remote:logs}, {@code remote:cancel} and {@code remote:status} share: they look after jobs that an earlier
 * build submitted (a detached training run, a managed job), on the cluster of the device's name file or
 * {@code -Dcluster}, and find "the job this workspace last submitted" in its records ({@code target/remote/jobs/} of
 * the project root).
 */
public abstract class AbstractFollowUpMojo extends AbstractRemoteMojo {
    /**
     * Managed jobs ({@code sky jobs ...}) instead of the jobs of a cluster: the job id is a managed job's id, and no
     * cluster or device is needed.
     */
    @Parameter(property = PropertyNames.MANAGED, defaultValue = "false")
    protected boolean managed;

    @Override
    protected void resolveGoalParameters() throws RemoteException {
        managed = userProperties.bool(PropertyNames.MANAGED, managed);
        resolveFollowUpParameters();
    }

    /** The goal's own parameters, as {@link #resolveGoalParameters()} does for the shared ones. */
    protected void resolveFollowUpParameters() throws RemoteException {
    }

    /** The jobs this workspace submitted. */
    protected JobRecords records() {
        return JobRecords.inWorkspace(projectRoot());
    }

    /** A job id given by the user: a whole number from 1, as SkyPilot numbers jobs; checked before any sky process. */
    protected static OptionalLong parseJobId(String value) throws BadInputException {
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        String id = value.trim();
        if (id.matches("[0-9]{1,18}") && Long.parseLong(id) >= 1) {
            return OptionalLong.of(Long.parseLong(id));
        }
        throw new BadInputException(Message.of("'" + id + "' (", Setting.JOB_ID.named(), ") is not a job id: SkyPilot"
                + " numbers jobs 1, 2, 3..."), Message.of("Set ", Setting.JOB_ID.option("<number>"), " (list them:"
                        + " sky queue <cluster>, or sky jobs queue for managed jobs), or leave it out for the job this"
                        + " workspace last submitted."));
    }

    /**
     * The cluster: {@code -Dcluster} (no device needed), else the device's name file.
     */
    protected ClusterRef followUpCluster() throws BadInputException {
        String explicit = explicitCluster();
        if (explicit != null) {
            Device dev = device != null && !device.isBlank() ? Device.parse(device)
                    : explicit.toLowerCase(Locale.ROOT).startsWith("tpu-") ? Device.TPU : Device.GPU;
            return ClusterRef.named(explicit, dev);
        }
        return resolveCluster(resolveDevice());
    }

    /** "train.py" for a recorded job; "job 7" otherwise. */
    protected static String describe(JobRecords.Entry entry) {
        return entry.what().isBlank() ? "job " + entry.id() : entry.what();
    }
}
