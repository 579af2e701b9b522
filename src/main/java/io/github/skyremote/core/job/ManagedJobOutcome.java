package io.github.skyremote.core.job;

import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.sky.SkyExitCodes;
import io.github.skyremote.core.sky.SkyRunResult;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Turns a followed managed job ({@link ManagedJobs.Followed}) into success or a typed exception. The statuses are
 * SkyPilot's ({@code sky/jobs/state.py ManagedJobStatus}); {@code sky jobs logs} exits 0 / 100 / 101 / 102 / 103 as
 * {@code sky logs} does, and the status line tells the failures apart:
 *
 * <ul>
 *   <li>SUCCEEDED: success, unless the program printed a non-zero exit status (SkyPilot #8928);</li>
 *   <li>FAILED, FAILED_SETUP: the program (or its setup) failed, with its code;</li>
 *   <li>FAILED_NO_RESOURCE, FAILED_PRECHECKS: the job never ran: what to change;</li>
 *   <li>FAILED_CONTROLLER: SkyPilot's jobs controller failed, not the job;</li>
 *   <li>CANCELLED: someone cancelled it.</li>
 * </ul>
 *
 * RECOVERING (a preempted cluster replaced) is progress: the follow goes on through it.
 */
public final class ManagedJobOutcome {
    private ManagedJobOutcome() {
    }

    /**
     * What the job was, for messages.
     *
     * @param what the program ("train.py", "pytest tests"), or "the job" when not known
     * @param resources what it asked for ("H100:1, spot, on gcp"), or null when not known
     * @param logFile the build's copy of the log, or null
     */
    public record Context(String what, String resources, Path logFile) {
    }

    /** Fails unless the job succeeded. */
    public static void check(ManagedJobs.Followed job, Context context) throws RemoteException {
        requireProgramOutcome(job, context);
        OptionalInt printed = job.printedExit();
        String name = name(job);
        String status = status(job);
        if (printed.isPresent() && printed.getAsInt() != 0) {
            String skySaid = "SUCCEEDED".equals(status) ? " (SkyPilot reported the job as SUCCEEDED; the code is the"
                    + " one the job printed itself)" : "";
            throw new JobFailedException(name + " failed: " + context.what() + " exited with code "
                    + printed.getAsInt() + skySaid + ".", hint(job, context));
        }
        if ("SUCCEEDED".equals(status) && CommandEnds.exitCode(job.result()) == 0) {
            return;
        }
        // FAILED: the program's own code, as it printed it or as SkyPilot's return code line has it.
        throw new JobFailedException(name + " failed: " + context.what() + " exited with " + codes(job.result())
                + ".", hint(job, context));
    }

    /**
     * Fails unless the program ran to an end of its own (SUCCEEDED or FAILED), so that its exit code (and, for pytest,
     * its report) can be read: every other end is reported here.
     */
    public static void requireProgramOutcome(ManagedJobs.Followed job, Context context) throws RemoteException {
        SkyRunResult result = job.result();
        String name = name(job);
        if (CommandEnds.stopped(result)) {
            String why = CommandEnds.timedOut(result) ? "did not finish within the timeout" : "was interrupted";
            throw new JobFailedException(name + " (" + context.what() + ") " + why
                    + (result.cleanup().isEmpty() ? "" : ": " + result.cleanup()) + ".",
                    "Check it: sky jobs queue" + logHint(context));
        }
        String status = status(job);
        String id = job.jobId().isPresent() ? Long.toString(job.jobId().getAsLong()) : "<JOB_ID>";
        String reason = job.failureReason().map(r -> ": " + r).orElse("");
        switch (status) {
            case "SUCCEEDED":
                if (CommandEnds.exitCode(result) == 0) {
                    return;
                }
                break; // a status line, then sky failed: its exit code says what went wrong
            case "FAILED":
                return;
            case "FAILED_SETUP":
                throw new JobFailedException(name + " failed in its setup (FAILED_SETUP), before " + context.what()
                        + " ran: the setup exited with " + codes(result) + ".", hint(job, context));
            case "FAILED_NO_RESOURCE":
                throw new JobFailedException(Message.of(name + " got no resources (FAILED_NO_RESOURCE): no cloud"
                        + " could provide " + (context.resources() == null ? "what it asked for" : context.resources())
                        + reason + "."), Message.of("Ask for another accelerator (", Setting.ACCELERATOR.option(),
                                ") or infra (", Setting.INFRA.option(), "), or allow on-demand instances (",
                                Setting.USE_SPOT.option("false"), ") when spot capacity is short; what is offered"
                                + " where: sky gpus list\nWhat SkyPilot tried: sky jobs logs --controller " + id));
            case "FAILED_PRECHECKS":
                throw new JobFailedException(name + " was refused by SkyPilot's prechecks (FAILED_PRECHECKS)" + reason
                        + ".", "Check the resources it asks for and your clouds (sky check); details: sky jobs logs"
                                + " --controller " + id);
            case "FAILED_CONTROLLER":
                throw new SkyFailedException("SkyPilot's jobs controller failed while it ran " + name.toLowerCase(
                        java.util.Locale.ROOT) + " (FAILED_CONTROLLER)" + reason + ".",
                        "The job itself may be fine: run it again. Controller log: sky jobs logs --controller " + id);
            case "CANCELLED":
                throw new JobFailedException(name + " (" + context.what() + ") was cancelled.",
                        "Who and when: sky jobs queue" + logHint(context));
            default:
                break;
        }
        switch (CommandEnds.exitCode(result)) {
            case 0:
                throw new JobFailedException(name + " (" + context.what() + ") is still running.",
                        "Follow it: sky jobs logs " + id);
            case 100:
                return; // failed, no status line: the program's code is read from the log
            case 101:
                throw new JobFailedException(name + " had not finished when sky stopped following it.",
                        "Follow it: sky jobs logs " + id);
            case 102:
                throw new JobFailedException(name + " was not found.", "List the managed jobs: sky jobs queue");
            case 103:
                throw new JobFailedException(name + " (" + context.what() + ") was cancelled.",
                        "Who and when: sky jobs queue" + logHint(context));
            default:
                if (CommandEnds.exitCode(result) == 1 && result.tailContains("No in-progress managed jobs")) {
                    throw new SkyFailedException(name + " does not exist: this user has no managed jobs (no jobs"
                            + " controller).", "List the managed jobs: sky jobs queue");
                }
                throw SkyExitCodes.clientFailure("jobs logs", result, null);
        }
    }

    /** The status printed, else the one the exit code stands for. */
    static String status(ManagedJobs.Followed job) {
        if (job.status().isPresent()) {
            return job.status().get();
        }
        return switch (CommandEnds.exitCode(job.result())) {
            case 103 -> "CANCELLED";
            default -> "";
        };
    }

    private static String name(ManagedJobs.Followed job) {
        return job.jobId().isPresent() ? "Managed job " + job.jobId().getAsLong() : "The managed job";
    }

    private static String codes(SkyRunResult result) {
        if (result.returnCodes().isEmpty()) {
            return "a non-zero code";
        }
        return result.returnCodes().size() == 1 ? "code " + result.returnCodes().get(0)
                : "codes " + result.returnCodes().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String hint(ManagedJobs.Followed job, Context context) {
        String id = job.jobId().isPresent() ? Long.toString(job.jobId().getAsLong()) : "<JOB_ID>";
        return (context.logFile() == null ? "" : "Log: " + context.logFile() + "    ") + "Again: sky jobs logs " + id
                + "    What SkyPilot did: sky jobs logs --controller " + id;
    }

    private static String logHint(Context context) {
        return context.logFile() == null ? "" : "\nLog: " + context.logFile();
    }
}
