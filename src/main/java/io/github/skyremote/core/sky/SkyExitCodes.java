package io.github.skyremote.core.sky;

import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.job.JobEpilogue;
import io.github.skyremote.core.process.Outcome;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Turns a finished {@code sky} run into success or a typed exception, per reference/skypilot-cli.md §6.1:
 * 0 ok; 100 job failed; 101/102/103 not finished / not found / cancelled; 1 client-side error; 2 usage error.
 * Only 100-103 are the user's job; everything else is {@code sky} or the cluster.
 */
public final class SkyExitCodes {
    /**
     * Oldest SkyPilot whose CLI has every option we emit ({@code --secret} on exec and launch; 0.9.3 lacks it), as
     * checked by running the build's argv corpus through the real CLIs of 0.9.3, 0.10.0, 0.12.0, 0.13.0 and 0.14.1
     * ({@code src/build/sky_conformance.py check --depth parse}). {@code sky status -o json} needs 0.12.0; older
     * versions reject it and the plugin reads the table instead.
     */
    public static final String MINIMUM_SKYPILOT = "0.10.0";

    private SkyExitCodes() {
    }

    /** What a job was, for messages: "train.py" or "pytest tests". */
    public record JobContext(ClusterRef cluster, String what, Path logFile) {
    }

    /** Checks the result of {@code sky exec} when the job did not report its own exit status. */
    public static void checkJob(SkyRunResult result, JobContext job) throws JobFailedException, SkyFailedException {
        checkJob(result, job, OptionalInt.empty());
    }

    /**
     * Checks the result of {@code sky exec}, with the exit status the job printed itself ({@link JobEpilogue}): a
     * non-zero one fails the build whatever sky says (SkyPilot can report a failed script as SUCCEEDED, #8928); a
     * zero one never turns a failure that sky reports into a success.
     */
    public static void checkJob(SkyRunResult result, JobContext job, OptionalInt printedExit)
            throws JobFailedException, SkyFailedException {
        String cluster = job.cluster().name();
        String id = result.jobId().isPresent() ? Long.toString(result.jobId().getAsLong()) : null;
        String jobName = id == null ? "Remote job" : "Remote job " + id;
        String logHint = "Log: " + job.logFile() + (id == null ? "" : "    Re-attach: sky logs " + cluster + " " + id);
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            String why = result.outcome() instanceof Outcome.TimedOut
                    ? "did not finish within the timeout (remote.timeout)" : "was interrupted";
            String done = result.cleanup().isEmpty() ? "" : ": " + result.cleanup();
            // Without a job id the request may still have reached SkyPilot's API server, which submits the job even
            // though its client was killed (§6.4): say how to find it rather than that nothing was submitted.
            throw new JobFailedException(jobName + " on " + cluster + " (" + job.what() + ") " + why + done + ".",
                    id == null ? logHint + "\nCheck whether it was submitted anyway: sky queue " + cluster
                            + "    Cancel it: sky cancel -y " + cluster + " <JOB_ID>"
                            : logHint + "\nCheck the job: sky queue " + cluster);
        }
        if (printedExit.isPresent() && printedExit.getAsInt() != 0) {
            String skySaid = exited.code() == 0 ? " (sky reported the job as SUCCEEDED; the code is the one the"
                    + " job printed itself)" : "";
            throw new JobFailedException(jobName + " on " + cluster + " failed: " + job.what() + " exited with code "
                    + printedExit.getAsInt() + skySaid + ".", logHint);
        }
        switch (exited.code()) {
            case 0:
                return;
            case 100:
                String codes = result.returnCodes().isEmpty() ? "a non-zero code"
                        : (result.returnCodes().size() == 1 ? "code " + result.returnCodes().get(0)
                                : "codes " + result.returnCodes().stream().map(String::valueOf)
                                        .collect(Collectors.joining(", ")));
                String setup = result.tailContains("setup failed") ? " (its setup failed)" : "";
                throw new JobFailedException(jobName + " on " + cluster + " failed" + setup + ": " + job.what()
                        + " exited with " + codes + ".", logHint);
            case 101:
                throw new JobFailedException(jobName + " on " + cluster + " had not finished when sky stopped"
                        + " following it.", logHint + "\nFollow it: sky logs " + cluster + (id == null ? "" : " " + id));
            case 102:
                throw new JobFailedException(jobName + " on " + cluster + " was not found on the cluster.",
                        "List the cluster's jobs: sky queue " + cluster);
            case 103:
                throw new JobFailedException(jobName + " on " + cluster + " was cancelled.", logHint);
            default:
                throw clientFailure("exec", result, job.cluster());
        }
    }

    /**
     * The program's own exit code when the job ran to its end: the one it printed when non-zero, else 0 when sky
     * reports success, else sky's first non-zero return code; empty when it is not known (timeout, interrupt, a
     * failure of sky or the cluster).
     */
    public static OptionalInt programExit(SkyRunResult result, OptionalInt printedExit) {
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            return OptionalInt.empty();
        }
        if (printedExit.isPresent() && printedExit.getAsInt() != 0) {
            return printedExit;
        }
        if (exited.code() == 0) {
            return OptionalInt.of(0);
        }
        if (exited.code() == 100) {
            return result.returnCodes().stream().mapToInt(Integer::intValue).filter(code -> code != 0).findFirst();
        }
        return OptionalInt.empty();
    }

    /**
     * A non-job failure of any sky command that exited on its own: what went wrong and what to do. A command that was
     * stopped (timeout, interrupt) gets a message saying so, though callers say more about that themselves.
     */
    public static SkyFailedException clientFailure(String subcommand, SkyRunResult result, ClusterRef cluster) {
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            return new SkyFailedException("sky " + subcommand + " was stopped before it finished ("
                    + (result.outcome() instanceof Outcome.TimedOut ? "timed out" : "interrupted") + ")"
                    + (result.cleanup().isEmpty() ? "" : ": " + result.cleanup()) + ".",
                    "Check what it left: sky status");
        }
        int exit = exited.code();
        String last = result.lastErrorLine();
        String name = cluster == null ? null : cluster.name();
        if (exit == 1) {
            if (cluster != null && (result.tailContains("ClusterDoesNotExist") || result.tailContains("does not exist")
                    || result.tailContains("not found on the cloud provider"))) {
                return new SkyFailedException("Cluster " + name + " (from " + cluster.source()
                        + ") no longer exists: it was torn down after its idle minutes (autodown), preempted,"
                        + " or removed by hand.", "Provision a new one: " + cluster.provisionCommand());
            }
            if (cluster != null && (result.tailContains("ClusterNotUpError") || result.tailContains("is not UP")
                    || result.tailContains("autostopping"))) {
                return new SkyFailedException("Cluster " + name + " (from " + cluster.source()
                        + ") is not UP: " + last,
                        "Start it: sky start -y " + name + "\nor provision a new one: " + cluster.provisionCommand());
            }
            if (result.tailContains("APIVersionMismatch") || result.tailContains("version mismatch")) {
                return new SkyFailedException("The sky client and its API server have different versions: " + last,
                        "Restart the local API server: sky api stop && sky api start");
            }
            if (result.tailContains("Aborted!")) {
                return new SkyFailedException("sky " + subcommand + " asked a question and was aborted: " + last,
                        "This is a bug in remote-maven-plugin (every prompting command gets -y); please report it"
                                + " with the build log.");
            }
            return new SkyFailedException("sky " + subcommand + " failed (exit code 1): " + last,
                    "Read sky's message above. Run with SKYPILOT_DEBUG=1 in the environment for a full traceback.");
        }
        if (exit == 2) {
            return new SkyFailedException("The installed sky rejected the " + subcommand + " command we sent: " + last,
                    "remote-maven-plugin needs SkyPilot " + MINIMUM_SKYPILOT + " or newer: check with `sky --version`,"
                            + " then upgrade (pip install -U skypilot)\nor point -Dremote.sky at a matching CLI.");
        }
        if (exit == 127 || exit == 126) {
            return new SkyFailedException("sky " + subcommand + " could not run (exit code " + exit + "): " + last,
                    "Its interpreter or a command it needs is missing. Reinstall the SkyPilot CLI, or set -Dremote.sky.");
        }
        if (exit > 128 || exit < 0) {
            String signal = exit > 128 ? " (signal " + (exit - 128) + ")" : "";
            return new SkyFailedException("sky " + subcommand + " was killed" + signal + " before it finished.",
                    "Something outside the build stopped it (out of memory?). Run the goal again; check: sky status");
        }
        return new SkyFailedException("sky " + subcommand + " failed with exit code " + exit + ": " + last,
                "Read sky's message above; run with SKYPILOT_DEBUG=1 for details.");
    }
}
