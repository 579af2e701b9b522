package io.github.skyremote.core.sky;

import io.github.skyremote.core.process.Outcome;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.cluster.ClusterRef;

/**
 * What the {@code sky} client's own exit codes mean, per docs/skypilot-facts.md#exit-codes: 1 client-side error (cluster
 * gone or not UP, API server mismatch, an aborted prompt), 2 usage error (a CLI older than {@link #MINIMUM_SKYPILOT}),
 * 126/127 not runnable, above 128 killed by a signal. The job's codes (0, 100-103) are read by
 * {@code core.job.JobOutcomes}.
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

    /** A non-job failure of any sky command: what went wrong and what to do. */
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
                return new SkyFailedException(Message.of("Cluster " + name + " (from ", cluster.source(),
                        ") no longer exists: it was torn down after its idle minutes (autodown), preempted,"
                        + " or removed by hand."), Message.of("Provision a new one: ", cluster.provisionCommand()));
            }
            if (cluster != null && (result.tailContains("ClusterNotUpError") || result.tailContains("is not UP")
                    || result.tailContains("autostopping"))) {
                return new SkyFailedException(Message.of("Cluster " + name + " (from ", cluster.source(),
                        ") is not UP: " + last), Message.of("Start it: sky start -y " + name
                                + "\nor provision a new one: ", cluster.provisionCommand()));
            }
            if (result.tailContains("version is too old")) {
                // A remote (team) server: a restart does not help, the versions must match (ApiServerPreflight).
                return new SkyFailedException("The sky client and its API server have incompatible versions: " + last,
                        "Pin the client to the server's version (pip install -U \"skypilot==<server version>\"),"
                                + " or ask the server's administrator to upgrade it. Check both: sky api info");
            }
            if (result.tailContains("APIVersionMismatch") || result.tailContains("version mismatch")) {
                return new SkyFailedException("The sky client and its API server have different versions: " + last,
                        "Restart the local API server: sky api stop && sky api start");
            }
            if (result.tailContains("ApiServerAuthenticationError")) {
                return new SkyFailedException(Message.of("The SkyPilot API server refused the credentials: " + last),
                        Message.of("Check the service-account token: the <password> of the settings.xml server ",
                                Setting.SERVER_ID.named(), " names (default skypilot), or SKYPILOT_SERVICE_ACCOUNT_TOKEN."));
            }
            if (result.tailContains("PermissionDeniedError")) {
                return new SkyFailedException("The SkyPilot API server denied the request: " + last,
                        "Ask the server's administrator to grant the service account the role it needs.");
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
            return new SkyFailedException(Message.of("The installed sky rejected the " + subcommand
                    + " command we sent: " + last), Message.of("remote-maven-plugin needs SkyPilot " + MINIMUM_SKYPILOT
                            + " or newer: check with `sky --version`, then upgrade (pip install -U skypilot)\nor point ",
                            Setting.SKY.option(), " at a matching CLI."));
        }
        if (exit == 127 || exit == 126) {
            return new SkyFailedException(Message.of("sky " + subcommand + " could not run (exit code " + exit + "): "
                    + last), Message.of("Its interpreter or a command it needs is missing. Reinstall the SkyPilot"
                            + " CLI, or set ", Setting.SKY.option(), "."));
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
