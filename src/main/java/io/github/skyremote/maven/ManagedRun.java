package io.github.skyremote.maven;

import io.github.skyremote.core.Action;
import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.cluster.Accelerator;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.job.JobPlanner;
import io.github.skyremote.core.job.JobRecords;
import io.github.skyremote.core.job.ManagedJobOutcome;
import io.github.skyremote.core.job.ManagedJobs;
import io.github.skyremote.core.job.ManagedTask;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyRunSettings;
import io.github.skyremote.core.sync.SyncSizeGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code remote:exec} and {@code remote:pytest} with {@code managed}: the job's task YAML (the same remote command,
 * resources from {@code accelerator}, {@code infra}, {@code useSpot}), {@code sky jobs launch}, then following the job
 * to its end and mapping its managed status to the build's result.
 */
final class ManagedRun {
    private final AbstractJobMojo mojo;
    private final Device device;
    private final JobPlanner.JobRequest request;
    private final String accelerator;

    ManagedRun(AbstractJobMojo mojo, Device device, JobPlanner.JobRequest request, String accelerator) {
        this.mojo = mojo;
        this.device = device;
        this.request = request;
        this.accelerator = accelerator;
    }

    void run() throws RemoteException {
        if (accelerator == null || accelerator.isBlank()) {
            throw new BadInputException(Message.of("A managed job needs an accelerator: SkyPilot launches a cluster"
                    + " for it."), Message.of("Set it, e.g. ", Setting.ACCELERATOR.option(device.exampleAccelerator()),
                            " or ", Setting.ACCELERATOR.configuredItem(device.exampleAccelerator()),
                            " (NAME or NAME:COUNT)."));
        }
        Accelerator acc = Accelerator.parse(accelerator, Setting.ACCELERATOR).requireFits(device, Setting.ACCELERATOR);
        String recovery = ManagedTask.recoveryStrategy(mojo.jobRecovery);
        JobPlanner.PlannedJob job = JobPlanner.plan(request, mojo.environment);
        SyncSizeGuard.check(job.workdir().path(), mojo.syncWarnMb, mojo.syncFailMb, new MavenSkyLog(mojo.getLog()));
        String name = ManagedTask.jobName(job.what(), new SecureRandom());
        String yaml = ManagedTask.render(new ManagedTask.Spec(name, job.workdir().path(), job.remoteCommand(), device,
                acc, mojo.useSpot, mojo.infra, mojo.env));
        String resources = acc + (mojo.useSpot ? ", spot" : "") + (mojo.infra == null || mojo.infra.isBlank() ? ""
                : ", on " + mojo.infra.trim());
        if (mojo.dryRun) {
            dryRun(job, name, yaml, recovery);
            return;
        }
        SkyCommandBuilder sky = new SkyCommandBuilder(mojo.skyPath());
        Path log = mojo.defaultLogFile(mojo.goal());
        SkyRunSettings settings = mojo.runSettings(log, job.masker(), progress -> Optional.empty());
        ManagedJobs jobs = new ManagedJobs(mojo.runner(), sky, settings, mojo.deadline, new MavenSkyLog(mojo.getLog()));
        mojo.getLog().info("Running " + job.what() + " as managed job " + name + " (" + resources + ", " + device
                + "): " + job.remoteCommand());
        mojo.beforeRun(job);
        long id = launch(jobs, job, name, yaml, recovery);
        try {
            JobRecords.inWorkspace(mojo.projectRoot()).recordManaged(id, job.what());
        } catch (IOException | RuntimeException e) {
            mojo.getLog().warn("Could not record managed job " + id + " for remote:logs and remote:cancel: "
                    + e.getMessage());
        }
        if (request.detach()) {
            mojo.getLog().info("Managed job " + id + " (" + job.what() + ") submitted and left running; SkyPilot tears"
                    + " its cluster down when it ends. Follow it: sky jobs logs " + id + "    Cancel it: sky jobs"
                    + " cancel -y " + id);
            MavenSpelling spelling = MavenSpelling.INSTANCE;
            mojo.getLog().info("Or, from this checkout (it recorded the job): " + spelling.run(Action.LOGS, false,
                    java.util.List.of(Setting.MANAGED.option())) + "    " + spelling.run(Action.CANCEL, false,
                            java.util.List.of(Setting.MANAGED.option())));
            return;
        }
        ManagedJobs.Followed followed = jobs.follow(OptionalLong.of(id), true, job.epilogue(),
                job.epilogue()::exitStatus, true);
        mojo.afterManagedRun(followed, new ManagedJobOutcome.Context(job.what(), resources, log), device);
    }

    /**
     * The task YAML holds the remote command, whose epilogue token the job must never see: it is written outside the
     * workdir (which is uploaded with the job), into a directory of its own that only this user can read, and deleted
     * once {@code sky jobs launch} has returned (SkyPilot has read it by then; the dry run shows its content).
     */
    private long launch(ManagedJobs jobs, JobPlanner.PlannedJob job, String name, String yaml, String recovery)
            throws RemoteException {
        Path file;
        try {
            file = Files.createTempDirectory("remote-maven-plugin-managed-").resolve(name + ".yaml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SkyFailedException("Cannot write the managed job's task YAML: "
                    + e.getMessage(), "Check the temporary directory (java.io.tmpdir).", e);
        }
        mojo.getLog().info("Task YAML: " + file + " (outside the workdir, which is uploaded with the job)");
        try {
            return jobs.launch(file, name, recovery, job.environment().secrets(), job.what());
        } finally {
            deleteQuietly(file);
        }
    }

    /** A task YAML left behind is no failure of the job: say where it is, so it can be removed by hand. */
    private void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            mojo.getLog().warn("Could not delete the managed job's task YAML " + file + ": " + e.getMessage()
                    + ". Delete it by hand: it holds the job's command.");
        }
    }

    private void dryRun(JobPlanner.PlannedJob job, String name, String yaml, String recovery) {
        // As the real run writes it: into a temporary directory outside the workdir.
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "remote-maven-plugin-managed-dry-run", name + ".yaml");
        SkyCommandBuilder sky = new SkyCommandBuilder(mojo.skyExecutable);
        mojo.printDryRun(sky.jobsLaunch(file, name, recovery, job.environment().secrets()));
        mojo.getLog().info("Dry run: task YAML " + file + " would be:");
        for (String line : yaml.split("\n")) {
            mojo.getLog().info("  " + line);
        }
        mojo.getLog().info("Dry run: then the build would follow the job (sky jobs logs --tail 0 <JOB_ID>) and cancel"
                + " it on a timeout, Ctrl+C or SIGTERM (sky jobs cancel --yes <JOB_ID>)."
                + (request.detach() ? " With remote.detach it would return once the job is submitted." : ""));
    }
}
