package io.github.skyremote.core.job;

import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.process.Deadline;
import io.github.skyremote.core.process.OutputMode;
import io.github.skyremote.core.sky.SkyCommand;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyExitCodes;
import io.github.skyremote.core.sky.SkyRunResult;
import io.github.skyremote.core.sky.SkyRunSettings;
import io.github.skyremote.core.sky.SkyRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs managed jobs through {@code sky jobs}: submits one ({@code sky jobs launch --detach-run}, which returns with
 * the job's id), follows it ({@code sky jobs logs}) to its end, and cancels it ({@code sky jobs cancel}). The submit
 * and the follow are two commands so that the id is known before the job runs: a timeout or an interrupt cancels the
 * job by its id, or, while it is being submitted, by its name (unique per run).
 */
public final class ManagedJobs {
    /** {@code Job with ID 3 is scheduled to be cancelled.} / {@code Jobs with IDs 3, 4 are ...} */
    private static final Pattern SCHEDULED = Pattern.compile("^Jobs? with IDs? ([\\d, ]+) (?:is|are) scheduled to be"
            + " cancelled");

    private final SkyRunner runner;
    private final SkyCommandBuilder sky;
    private final SkyRunSettings settings;
    private final Deadline deadline;
    private final SkyLog log;

    public ManagedJobs(SkyRunner runner, SkyCommandBuilder sky, SkyRunSettings settings, Deadline deadline,
            SkyLog log) {
        this.runner = runner;
        this.sky = sky;
        this.settings = settings;
        this.deadline = deadline;
        this.log = log;
    }

    /**
     * What following a managed job came to.
     *
     * @param printedExit the exit status the job's program printed itself, when it came back
     */
    public record Followed(OptionalLong jobId, Optional<String> status, Optional<String> failureReason,
            int preemptions, OptionalInt printedExit, SkyRunResult result) {
    }

    /**
     * {@code sky jobs launch <yaml> --name <name> --yes --detach-run ...}: returns the managed job's id.
     *
     * @param what the program, for messages
     */
    public long launch(Path taskYaml, String name, String jobRecovery, List<String> secrets, String what)
            throws RemoteException {
        ManagedJobOutput output = new ManagedJobOutput(SkyRunner.LineInterceptor.NONE, log::info);
        SkyCommand launch = sky.jobsLaunch(taskYaml, name, jobRecovery, secrets);
        SkyRunResult result = runner.run(launch, CommandEnds.limited(settings, deadline).interceptor(output)
                .cleanup(progress -> Optional.of(output.jobId().isPresent()
                        ? sky.jobsCancel(output.jobId().getAsLong()) : sky.jobsCancelByName(name))).build());
        if (CommandEnds.stopped(result)) {
            throw new JobFailedException("Managed job " + name + " (" + what + ") "
                    + (CommandEnds.timedOut(result) ? "did not finish within the timeout" : "was interrupted")
                    + " while it was being submitted" + (result.cleanup().isEmpty() ? "" : ": " + result.cleanup())
                    + ".", "Check that it is gone: sky jobs queue    (its name: " + name + ")");
        }
        if (CommandEnds.exitCode(result) != 0) {
            throw SkyExitCodes.clientFailure("jobs launch", result, null);
        }
        if (output.jobId().isEmpty()) {
            throw new SkyFailedException("sky jobs launch submitted managed job " + name
                    + " but printed no 'Managed Job ID: N'.", "Find it with: sky jobs queue    (its name: " + name
                            + "); cancel it with: sky jobs cancel -y --name " + name);
        }
        return output.jobId().getAsLong();
    }

    /**
     * {@code sky jobs logs [--no-follow] --tail 0 [<id>]}, streamed.
     *
     * @param frames reads the program's exit frames from the log (its epilogue, or {@link JobLogFrames})
     * @param cancelOnAbort cancel the job on a timeout or an interrupt (the build that runs it); else only stop
     *        following (a build that follows a job it did not start)
     */
    public Followed follow(OptionalLong jobId, boolean followLog, SkyRunner.LineInterceptor frames,
            FrameReader exitStatus, boolean cancelOnAbort) throws RemoteException {
        ManagedJobOutput output = new ManagedJobOutput(frames, log::info, jobId);
        SkyRunResult result = runner.run(sky.jobsLogs(jobId, followLog), CommandEnds.limited(settings, deadline)
                .interceptor(output).cleanup(progress -> cancelOnAbort && jobId.isPresent()
                        ? Optional.of(sky.jobsCancel(jobId.getAsLong())) : Optional.empty()).build());
        OptionalLong id = jobId.isPresent() ? jobId : output.jobId();
        return new Followed(id, output.status(), output.failureReason(), output.preemptions(), exitStatus.exitStatus(),
                result);
    }

    /** Where the program's printed exit status is read from once the log has been followed. */
    @FunctionalInterface
    public interface FrameReader {
        OptionalInt exitStatus();
    }

    /**
     * Shows a managed job's log ({@code sky jobs logs --tail 0}), following it to its end or printing what there is so
     * far, and fails the build as a managed {@code remote:exec} would when the job did not succeed; a job still running
     * after a print is not a failure. A timeout or an interrupt only stops following: the job goes on.
     */
    public void logs(OptionalLong jobId, boolean followLog, ManagedJobOutcome.Context context)
            throws RemoteException {
        JobLogFrames frames = new JobLogFrames();
        Followed job = follow(jobId, followLog, frames, frames::exitStatus, false);
        String id = job.jobId().isPresent() ? Long.toString(job.jobId().getAsLong()) : "<JOB_ID>";
        String name = job.jobId().isPresent() ? "managed job " + id : "the latest managed job";
        SkyRunResult result = job.result();
        if (CommandEnds.stopped(result)) {
            throw new JobFailedException("Stopped following " + name + " (" + (CommandEnds.timedOut(result) ? "timeout"
                    : "interrupted") + "); the job itself keeps running.", "Follow it: sky jobs logs " + id
                            + "    Cancel it: sky jobs cancel -y " + id);
        }
        if (!followLog && CommandEnds.exitCode(result) == 0 && job.status().isEmpty()) {
            log.info(Character.toUpperCase(name.charAt(0)) + name.substring(1) + " is still running: that was its log"
                    + " so far. Follow it: sky jobs logs " + id);
            return;
        }
        ManagedJobOutcome.check(job, context);
        log.info(Character.toUpperCase(name.charAt(0)) + name.substring(1) + " (" + context.what() + ") succeeded.");
    }

    /**
     * {@code sky jobs cancel -y <id>} or {@code sky jobs cancel -y --all}: the ids SkyPilot is cancelling, or what
     * stood in the way (no jobs controller yet, the job had ended). A job that is not running is not a failure: the
     * goal's aim, that it does not run, holds.
     */
    public ClusterJobs.Cancelled cancel(OptionalLong jobId, boolean all) throws RemoteException {
        SkyCommand cancel = all || jobId.isEmpty() ? sky.jobsCancelAll() : sky.jobsCancel(jobId.getAsLong());
        SkyRunResult result = runner.run(cancel, CommandEnds.limited(settings, deadline).noCleanup()
                .output(OutputMode.CAPTURED).build());
        if (CommandEnds.stopped(result)) {
            throw new SkyFailedException("sky jobs cancel " + (CommandEnds.timedOut(result) ? "did not finish within the timeout"
                    : "was interrupted") + "; the job may still run.", "Run it by hand: " + cancel.display());
        }
        if (CommandEnds.exitCode(result) == 1 && result.tailContains("No in-progress managed jobs")) {
            return new ClusterJobs.Cancelled(List.of(), Message.of("this user has no managed jobs (no jobs controller"
                    + " yet)"));
        }
        if (CommandEnds.exitCode(result) != 0) {
            throw SkyExitCodes.clientFailure("jobs cancel", result, null);
        }
        List<Long> ids = new ArrayList<>();
        for (String line : result.output()) {
            Matcher m = SCHEDULED.matcher(line.strip());
            if (m.find()) {
                for (String id : m.group(1).split(",")) {
                    if (!id.isBlank()) {
                        ids.add(Long.parseLong(id.trim()));
                    }
                }
            }
        }
        String said = result.output().stream().map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.joining(" "));
        return new ClusterJobs.Cancelled(ids, Message.of(ids.isEmpty() ? (all ? "none of your managed jobs was"
                + " running" : "managed job " + jobId.getAsLong() + " is not running") + " (SkyPilot: " + said + ")"
                : ""));
    }

    /** {@code sky jobs queue}, shown as it comes. */
    public void queue() throws RemoteException {
        SkyRunResult result = runner.run(sky.jobsQueue(), CommandEnds.limited(settings, deadline).build());
        if (CommandEnds.stopped(result)) {
            throw new SkyFailedException("sky jobs queue " + (CommandEnds.timedOut(result) ? "did not finish within the timeout"
                    : "was interrupted") + ".", "Run it by hand: sky jobs queue");
        }
        if (CommandEnds.exitCode(result) != 0) {
            throw SkyExitCodes.clientFailure("jobs queue", result, null);
        }
    }
}
