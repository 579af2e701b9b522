package io.github.skyremote.core.job;

import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.process.Deadline;
import io.github.skyremote.core.process.OutputMode;
import io.github.skyremote.core.sky.ClusterStatus;
import io.github.skyremote.core.sky.SkyCommand;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyExitCodes;
import io.github.skyremote.core.sky.SkyRunSettings;
import io.github.skyremote.core.sky.SkyRunResult;
import io.github.skyremote.core.sky.SkyRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Following, cancelling and listing the jobs of a cluster after the build that submitted them: {@code sky logs},
 * {@code sky cancel}, {@code sky status} and {@code sky queue}, with their outcomes in the build's terms. Nothing here
 * cancels a job on a timeout or an interrupt: these commands only look at, or cancel on purpose, a job another build
 * left running.
 */
public final class ClusterJobs {
    /** 0.14.1: {@code Cancelled job ID(s): 1, 2}; older releases: {@code Cancelled SkyPilot job(s) with ID(s): 1}. */
    private static final Pattern CANCELLED = Pattern.compile("Cancelled (?:SkyPilot )?job(?:\\(s\\))? (?:with )?"
            + "ID\\(s\\): ([\\d, ]+)");
    private static final Pattern STATUS_LINE = Pattern.compile("^Job (\\d+): ([A-Z_]+|None)\\s*$");

    private final SkyRunner runner;
    private final SkyCommandBuilder sky;
    private final SkyRunSettings settings;
    private final Deadline deadline;
    private final SkyLog log;

    public ClusterJobs(SkyRunner runner, SkyCommandBuilder sky, SkyRunSettings settings, Deadline deadline,
            SkyLog log) {
        this.runner = runner;
        this.sky = sky;
        this.settings = settings.toBuilder().noCleanup().build();
        this.deadline = deadline;
        this.log = log;
    }

    /**
     * Shows the job's log ({@code sky logs --tail 0}), following it to its end or printing what there is so far, and
     * fails the build as {@code remote:exec} would when the job did not succeed. A job still running after a
     * {@code follow=false} print is not a failure: {@code sky logs --status} says so, and the build goes on.
     *
     * @param what the program ({@code train.py}), or a description of the job when it is not known
     */
    public void logs(ClusterRef cluster, OptionalLong jobId, String what, boolean follow, Path logFile)
            throws RemoteException {
        JobLogFrames frames = new JobLogFrames();
        SkyRunResult result = runner.run(sky.logs(cluster.name(), jobId, follow),
                CommandEnds.limited(settings, deadline).interceptor(frames).build());
        String job = jobId.isPresent() ? "job " + jobId.getAsLong() : "the latest job";
        if (CommandEnds.stopped(result)) {
            throw new JobFailedException("Stopped following " + job + " on " + cluster.name() + " ("
                    + (CommandEnds.timedOut(result) ? "timeout" : "interrupted") + "); the job itself keeps running.",
                    followAgain(cluster, jobId));
        }
        requireCluster(result, cluster, "logs");
        SkyRunResult outcome = result;
        if (!follow && CommandEnds.exitCode(result) == 0) {
            // --no-follow exits 0 for a job that still runs: ask for its status.
            SkyRunResult status = runner.run(sky.logsStatus(cluster.name(), jobId), CommandEnds.limited(settings, deadline).output(OutputMode.CAPTURED).build());
            requireCluster(status, cluster, "logs");
            if (CommandEnds.exitCode(status) == 101) {
                String state = status.output().stream().map(STATUS_LINE::matcher).filter(Matcher::find)
                        .map(m -> m.group(2)).reduce((a, b) -> b).orElse("not finished");
                log.info(capitalized(job) + " on " + cluster.name() + " is " + state + ": that was its log so far. "
                        + followAgain(cluster, jobId));
                return;
            }
            outcome = CommandEnds.withExit(result, CommandEnds.exitCode(status));
        }
        JobOutcomes.checkJob(withId(outcome, jobId), new JobOutcomes.JobContext(cluster, what, logFile),
                frames.exitStatus());
        log.info(capitalized(job) + " on " + cluster.name() + " (" + what + ") succeeded.");
    }

    /**
     * What {@code sky cancel} did.
     *
     * @param cancelled the ids SkyPilot says it cancelled
     * @param note what stood in the way when nothing was cancelled
     */
    public record Cancelled(List<Long> cancelled, Message note) {
    }

    /**
     * {@code sky cancel -y [--all] <cluster> [<id>]}. A job that is not running, or a cluster that is gone or stopped,
     * is not a failure: what the goal is for, that the job does not run, holds; the note says why nothing was done.
     */
    public Cancelled cancel(ClusterRef cluster, OptionalLong jobId, boolean all) throws RemoteException {
        SkyCommand cancel = sky.cancel(cluster.name(), jobId, all);
        SkyRunResult result = runner.run(cancel, CommandEnds.limited(settings, deadline).output(OutputMode.CAPTURED).build());
        if (CommandEnds.stopped(result)) {
            throw new SkyFailedException("sky cancel " + (CommandEnds.timedOut(result) ? "did not finish within the timeout"
                    : "was interrupted") + "; the job may still run.", "Run it by hand: " + cancel.display());
        }
        if (gone(result)) {
            return new Cancelled(List.of(), Message.of("cluster " + cluster.name() + " (from ", cluster.source(),
                    ") no longer exists, and its jobs went with it"));
        }
        if (CommandEnds.exitCode(result) == 1 && result.tailContains("ClusterNotUpError")) {
            return new Cancelled(List.of(), Message.of("cluster " + cluster.name() + " is not UP, so no job runs"
                    + " there (" + result.lastErrorLine() + ")"));
        }
        if (CommandEnds.exitCode(result) != 0) {
            throw SkyExitCodes.clientFailure("cancel", result, cluster);
        }
        List<Long> ids = new ArrayList<>();
        for (String line : result.output()) {
            Matcher m = CANCELLED.matcher(line);
            if (m.find()) {
                for (String id : m.group(1).split(",")) {
                    if (!id.isBlank()) {
                        ids.add(Long.parseLong(id.trim()));
                    }
                }
            }
        }
        String what = all ? "none of your jobs on " + cluster.name() + " was running"
                : jobId.isPresent() ? "job " + jobId.getAsLong() + " on " + cluster.name()
                        + " is not running (it ended, was cancelled, or does not exist)"
                : "no job on " + cluster.name() + " was running";
        return new Cancelled(ids, Message.of(ids.isEmpty() ? what + "; its jobs: sky queue " + cluster.name() : ""));
    }

    /**
     * {@code sky status --refresh <clusters>}, shown; returns the clusters it lists, with their status. A cluster it
     * does not list is gone (autodown, preemption, or removed by hand).
     */
    public List<ClusterStatus> status(List<ClusterRef> clusters) throws RemoteException {
        List<String> names = clusters.stream().map(ClusterRef::name).toList();
        SkyCommand status = sky.statusTable(names);
        SkyRunResult result = runner.run(status, CommandEnds.limited(settings, deadline).output(OutputMode.CAPTURED).build());
        if (CommandEnds.stopped(result)) {
            throw new SkyFailedException("sky status " + (CommandEnds.timedOut(result) ? "did not finish within the timeout"
                    : "was interrupted") + ".", "Run it by hand: " + status.display());
        }
        if (CommandEnds.exitCode(result) != 0) {
            throw SkyExitCodes.clientFailure("status", result, null);
        }
        result.output().forEach(log::info);
        List<ClusterStatus> found = new ArrayList<>();
        for (String name : names) {
            ClusterStatus.fromTable(result.output(), name).ifPresent(found::add);
        }
        return found;
    }

    /** {@code sky queue <clusters>}, shown as it comes. */
    public void queue(List<String> clusters) throws RemoteException {
        SkyCommand queue = sky.queue(clusters);
        SkyRunResult result = runner.run(queue, CommandEnds.limited(settings, deadline).build());
        if (CommandEnds.stopped(result)) {
            throw new SkyFailedException("sky queue " + (CommandEnds.timedOut(result) ? "did not finish within the timeout"
                    : "was interrupted") + ".", "Run it by hand: " + queue.display());
        }
        if (CommandEnds.exitCode(result) != 0) {
            throw SkyExitCodes.clientFailure("queue", result, null);
        }
    }

    /** sky logs exits 1 (ClusterDoesNotExist), sky cancel 2 (a usage error naming it) for a cluster that is gone. */
    private static boolean gone(SkyRunResult result) {
        return (CommandEnds.exitCode(result) == 1 || CommandEnds.exitCode(result) == 2) && (result.tailContains("ClusterDoesNotExist")
                || result.tailContains("does not exist") || result.tailContains("not found on the cloud provider"));
    }

    private static void requireCluster(SkyRunResult result, ClusterRef cluster, String subcommand)
            throws SkyFailedException {
        if (gone(result)) {
            throw new SkyFailedException(Message.of("Cluster " + cluster.name() + " (from ", cluster.source(),
                    ") no longer exists: it was torn down (autodown), preempted, or removed by hand, and its jobs"
                    + " and their logs went with it."), Message.of("Nothing is left to " + (subcommand.equals("logs")
                            ? "follow" : "do") + " there. Your clusters: sky status"));
        }
    }

    private static String followAgain(ClusterRef cluster, OptionalLong jobId) {
        String id = jobId.isPresent() ? " " + jobId.getAsLong() : "";
        return "Follow it: sky logs " + cluster.name() + id + "    Cancel it: sky cancel -y " + cluster.name()
                + (id.isEmpty() ? " <JOB_ID>" : id);
    }

    private static SkyRunResult withId(SkyRunResult r, OptionalLong jobId) {
        return new SkyRunResult(r.outcome(), jobId.isPresent() ? jobId : r.jobId(), r.returnCodes(), r.tail(),
                r.cleanup(), r.output());
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
