package io.github.skyremote.maven;

import io.github.skyremote.core.Action;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.cluster.Accelerator;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.job.JobExec;
import io.github.skyremote.core.job.JobOutcomes;
import io.github.skyremote.core.job.JobPlanner;
import io.github.skyremote.core.job.JobRecords;
import io.github.skyremote.core.job.ManagedJobOutcome;
import io.github.skyremote.core.job.ManagedJobs;
import io.github.skyremote.core.job.PythonInvocation;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyRunResult;
import io.github.skyremote.core.sync.SyncSizeGuard;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** What {@code exec} and {@code pytest} share: the job's workdir, uv extra and groups, GPUs, and running it. */
public abstract class AbstractJobMojo extends AbstractRemoteMojo {
    /** The directory synced to the cluster's {@code ~/sky_workdir}; it must hold {@code pyproject.toml}. */
    @Parameter(property = PropertyNames.WORKDIR, defaultValue = "${project.basedir}")
    protected File workdir;

    /**
     * The uv extra ({@code --extra}), checked against {@code [project.optional-dependencies]} in
     * {@code pyproject.toml}. Default: the device's ({@code gpu} or {@code tpu}).
     */
    @Parameter(property = PropertyNames.EXTRA)
    protected String extra;

    /**
     * uv dependency groups ({@code --group}), checked against {@code [dependency-groups]} in {@code pyproject.toml}:
     * a group the file lacks is an error when asked for, and dropped when only defaulted. Comma-separated on the
     * command line. Default: {@code dev} on gpu, none on tpu.
     */
    @Parameter(property = PropertyNames.GROUPS)
    protected List<String> groups;

    /**
     * Exported as {@code CUDA_VISIBLE_DEVICES} before uv runs; empty means no export. Default: {@code 0} on gpu when
     * {@code gpus} is not set.
     */
    @Parameter(property = PropertyNames.CUDA_VISIBLE_DEVICES)
    protected String cudaVisibleDevices;

    /**
     * Accelerators the job asks SkyPilot for ({@code --gpus}, e.g. {@code H100:1}), so that SkyPilot schedules the
     * devices and sets {@code CUDA_VISIBLE_DEVICES} itself; the export is then dropped unless
     * {@code cudaVisibleDevices} is set. Default: {@code accelerator}.
     */
    @Parameter(property = PropertyNames.GPUS)
    protected String gpus;

    /**
     * The cluster's accelerator ({@code NAME} or {@code NAME:COUNT}), usually set once at plugin level. When set it
     * is the default of {@code gpus}.
     */
    @Parameter(property = PropertyNames.ACCELERATOR)
    protected String accelerator;

    /**
     * Submit the job and return without following its output ({@code sky exec --detach-run}); the build prints how
     * to follow and cancel the job. Every submitted job's id is recorded under {@code target/remote/jobs/} of the
     * project root, so that a later {@code remote:logs} or {@code remote:cancel} finds it.
     */
    @Parameter(property = PropertyNames.DETACH, defaultValue = "false")
    protected boolean detach;

    /**
     * Record a failure of this job (or of its setup) instead of failing at once, so that a teardown bound to
     * {@code post-integration-test} still runs; {@code remote:verify} then fails the build. Use it when the job is
     * bound to {@code integration-test} (the failsafe pattern).
     */
    @Parameter(property = PropertyNames.DEFER_FAILURE, defaultValue = "false")
    protected boolean deferFailure;

    /**
     * Warn when the workdir sync would upload more than this many MB, counted before any {@code sky} process starts
     * (also in a dry run) under SkyPilot's rules: {@code .skyignore}, else {@code .gitignore} and
     * {@code .git/info/exclude}; {@code .git/} counts unless ignored. The warning names the five largest entries and
     * gives a {@code .skyignore} to paste ({@code /target}, {@code /.venv}, {@code /.git}, {@code __pycache__}).
     * {@code 0} turns the warning off.
     */
    @Parameter(property = PropertyNames.SYNC_WARN_MB, defaultValue = "256")
    protected int syncWarnMb;

    /**
     * Fail, before any {@code sky} process starts, when the workdir sync would upload more than this many MB
     * (counted as for {@code syncWarnMb}). {@code 0} never fails.
     */
    @Parameter(property = PropertyNames.SYNC_FAIL_MB, defaultValue = "0")
    protected int syncFailMb;

    /**
     * Run the job as a SkyPilot managed job ({@code sky jobs launch}) instead of on the provisioned cluster: SkyPilot's
     * jobs controller launches a cluster for the job (from {@code accelerator}, {@code infra}, {@code useSpot}),
     * recovers it after a preemption and tears it down when the job ends; no cluster name file is needed. The task
     * YAML is written outside the workdir, into a temporary directory only this user can read; secrets go by name
     * ({@code --secret}). The build follows the job
     * to its end ({@code sky jobs logs}); a timeout, Ctrl+C or SIGTERM cancels it ({@code sky jobs cancel}).
     */
    @Parameter(property = PropertyNames.MANAGED, defaultValue = "false")
    protected boolean managed;

    /**
     * Managed jobs only: SkyPilot's recovery strategy after a preemption ({@code --job-recovery}):
     * {@code EAGER_NEXT_REGION} (SkyPilot's default), {@code FAILOVER}, or {@code none}.
     */
    @Parameter(property = PropertyNames.JOB_RECOVERY)
    protected String jobRecovery;

    /**
     * Managed jobs only: where the job's cluster may be launched, in SkyPilot's {@code --infra} syntax ({@code gcp},
     * {@code aws/us-east-1}, {@code k8s}). Default: wherever SkyPilot finds the accelerator.
     */
    @Parameter(property = PropertyNames.INFRA)
    protected String infra;

    /** Managed jobs only: run the job on spot (preemptible) instances; SkyPilot recovers it when one is preempted. */
    @Parameter(property = PropertyNames.USE_SPOT, defaultValue = "false")
    protected boolean useSpot;

    @Override
    protected boolean defersFailures() {
        return deferFailure;
    }

    @Override
    protected final void resolveGoalParameters() throws RemoteException {
        workdir = userProperties.file(PropertyNames.WORKDIR, workdir, baseDirectory());
        extra = userProperties.string(PropertyNames.EXTRA, extra);
        groups = userProperties.commaList(PropertyNames.GROUPS, groups);
        cudaVisibleDevices = userProperties.string(PropertyNames.CUDA_VISIBLE_DEVICES, cudaVisibleDevices);
        gpus = userProperties.string(PropertyNames.GPUS, gpus);
        accelerator = userProperties.string(PropertyNames.ACCELERATOR, accelerator);
        detach = userProperties.bool(PropertyNames.DETACH, detach);
        deferFailure = userProperties.bool(PropertyNames.DEFER_FAILURE, deferFailure);
        syncWarnMb = userProperties.integer(PropertyNames.SYNC_WARN_MB, syncWarnMb);
        syncFailMb = userProperties.integer(PropertyNames.SYNC_FAIL_MB, syncFailMb);
        managed = userProperties.bool(PropertyNames.MANAGED, managed);
        jobRecovery = userProperties.string(PropertyNames.JOB_RECOVERY, jobRecovery);
        infra = userProperties.string(PropertyNames.INFRA, infra);
        useSpot = userProperties.bool(PropertyNames.USE_SPOT, useSpot);
        readGoalParameters();
    }

    @Override
    protected final void run() throws RemoteException, MojoFailureException {
        if (deferFailure) {
            try {
                deferredFailures().clear(executionKey());
            } catch (java.io.IOException e) {
                getLog().warn("Cannot clear an earlier recorded failure: " + e.getMessage());
            }
        }
        if (skipJob()) {
            return;
        }

        Device dev = resolveDevice();
        String jobGpus = gpus;
        if ((jobGpus == null || jobGpus.isBlank()) && accelerator != null && !accelerator.isBlank()) {
            jobGpus = Accelerator.parse(accelerator, Setting.ACCELERATOR).requireFits(dev, Setting.ACCELERATOR)
                    .toString();
        }
        JobPlanner.JobRequest request = new JobPlanner.JobRequest(dev, workdir.toPath(), invocation(), extra,
                groups == null || groups.isEmpty() ? null : groups, cudaVisibleDevices, jobGpus, env, secrets, detach);
        if (managed) {
            new ManagedRun(this, dev, request, jobGpus).run();
            return;
        }
        // The job is checked before the cluster is read: a typo in the script is the more useful first error.
        JobPlanner.PlannedJob job = JobPlanner.plan(request, environment);
        ClusterRef clusterRef = resolveCluster(dev);
        // Before the sync happens, and in a dry run too: it starts no process.
        SyncSizeGuard.check(job.workdir().path(), syncWarnMb, syncFailMb, new MavenSkyLog(getLog()));
        if (dryRun) {
            printDryRun(job.command(new SkyCommandBuilder(skyExecutable), clusterRef));
            return;
        }
        shareCluster(dev, nameFile(dev), explicitCluster());
        SkyCommandBuilder sky = new SkyCommandBuilder(skyPath());
        Path log = defaultLogFile(goal());
        getLog().info("Running " + job.what() + " on " + clusterRef.name() + " (" + dev + "): " + job.remoteCommand());
        beforeRun(job);
        SkyRunResult result = JobExec.run(job, clusterRef, runner(), sky,
                runSettings(log, job.masker(), progress -> Optional.empty()));
        recordSubmitted(clusterRef, result, job.what());
        afterRun(result, new JobOutcomes.JobContext(clusterRef, job.what(), log), job.epilogue().exitStatus());
        if (detach && result.jobId().isPresent()) {
            String name = clusterRef.name();
            long id = result.jobId().getAsLong();
            getLog().info("Job " + id + " submitted to " + name + " and left running. Follow it: sky logs " + name + " "
                    + id + "    Cancel it: sky cancel -y " + name + " " + id);
            List<Message.Option> target = List.of(followUpTarget(clusterRef));
            getLog().info("Or, from this checkout (it recorded the job): " + MavenSpelling.INSTANCE.run(Action.LOGS,
                    false, target) + "    " + MavenSpelling.INSTANCE.run(Action.CANCEL, false, target));
        }
    }

    /** Records the job's id, so that remote:logs and remote:cancel find the job this workspace last submitted. */
    private void recordSubmitted(ClusterRef clusterRef, SkyRunResult result, String what) {
        if (result.jobId().isEmpty()) {
            return;
        }
        try {
            JobRecords.inWorkspace(projectRoot()).record(clusterRef.name(), result.jobId().getAsLong(), what);
        } catch (java.io.IOException | RuntimeException e) {
            getLog().warn("Could not record job " + result.jobId().getAsLong() + " for remote:logs and remote:cancel: "
                    + e.getMessage());
        }
    }

    /**
     * Maps a followed managed job to the build's result; the default fails on anything but success.
     *
     * @param device for messages that name the job like a cluster
     */
    protected void afterManagedRun(ManagedJobs.Followed job, ManagedJobOutcome.Context context, Device device)
            throws RemoteException {
        ManagedJobOutcome.check(job, context);
        getLog().info("Managed job " + job.jobId().getAsLong() + " (" + context.what() + ") succeeded"
                + (job.preemptions() == 0 ? "." : " after " + job.preemptions() + " recover"
                        + (job.preemptions() == 1 ? "y" : "ies") + " from preemption."));
    }

    /** How a later goal names the cluster: by name when the user named it, else by the device of its name file. */
    private static Message.Option followUpTarget(ClusterRef clusterRef) {
        return clusterRef.source().mentions(Setting.CLUSTER) ? Setting.CLUSTER.option(clusterRef.name())
                : Setting.DEVICE.option(clusterRef.device().toString());
    }

    /** Reads the goal's own parameters (with -D overrides). */
    protected abstract void readGoalParameters() throws RemoteException;

    /** True when the goal decides not to run (e.g. skipTests). */
    protected boolean skipJob() {
        return false;
    }

    /** What runs after {@code python}. */
    protected abstract PythonInvocation invocation();

    /** Hook before the job runs. */
    protected void beforeRun(JobPlanner.PlannedJob job) throws RemoteException {
    }

    /**
     * Maps the outcome; the default fails on anything but success.
     *
     * @param printedExit the exit status the job printed itself, when it came back
     */
    protected void afterRun(SkyRunResult result, JobOutcomes.JobContext context, OptionalInt printedExit)
            throws RemoteException {
        JobOutcomes.checkJob(result, context, printedExit);
    }
}
