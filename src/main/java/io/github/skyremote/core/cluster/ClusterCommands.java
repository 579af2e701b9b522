package io.github.skyremote.core.cluster;

import io.github.skyremote.core.sky.SkyRunSettings;
import io.github.skyremote.core.process.Outcome;
import io.github.skyremote.core.process.OutputMode;
import io.github.skyremote.core.Action;
import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.process.Deadline;
import io.github.skyremote.core.sky.ClusterStatus;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyExitCodes;
import io.github.skyremote.core.sky.SkyRunResult;
import io.github.skyremote.core.sky.SkyRunner;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code sky} commands of {@link ClusterLifecycle} that read or remove a cluster: {@code sky status} (JSON, or the
 * table of a CLI older than 0.12), and the clean-ups ({@code sky down}, {@code sky stop}), each checked with
 * {@code sky status} because both exit 0 when they fail per cluster. Clean-ups run whatever is left of the goal's
 * budget, each bounded by {@value #CLEANUP_TIMEOUT_SECONDS} s.
 */
final class ClusterCommands {
    /** Bound on each clean-up command ({@code sky down}, {@code sky stop}, the {@code sky status} that checks it). */
    static final long CLEANUP_TIMEOUT_SECONDS = 120;

    private final SkyRunner runner;
    private final SkyCommandBuilder sky;
    private final SkyRunSettings settings;
    private final SkyLog log;

    ClusterCommands(SkyRunner runner, SkyCommandBuilder sky, SkyRunSettings settings, SkyLog log) {
        this.runner = runner;
        this.sky = sky;
        this.settings = settings;
        this.log = log;
    }

    /** @param runSettings settings for each command, made when it starts (the budget shrinks meanwhile) */
    Optional<ClusterStatus> readStatus(ClusterRef ref, Supplier<SkyRunSettings> runSettings)
            throws Stopped, SkyFailedException {
        SkyRunResult json = runner.run(sky.status(ref.name(), true, true), captured(runSettings.get()));
        int jsonExit = Stopped.check("sky status " + ref.name(), json);
        if (jsonExit == 0) {
            try {
                return ClusterStatus.fromJson(json.output(), ref.name());
            } catch (IOException e) {
                throw new SkyFailedException("Cannot read the output of sky status -o json " + ref.name() + ": "
                        + e.getMessage(), "Run `sky status -o json " + ref.name() + "` by hand to see what it prints.");
            }
        }
        if (jsonExit == 2) {
            // An older CLI without -o: read its table.
            SkyRunResult table = runner.run(sky.status(ref.name(), false, true), captured(runSettings.get()));
            if (Stopped.check("sky status " + ref.name(), table) == 0) {
                return ClusterStatus.fromTable(table.output(), ref.name());
            }
            throw SkyExitCodes.clientFailure("status", table, ref);
        }
        throw SkyExitCodes.clientFailure("status", json, ref);
    }

    /**
     * Tears down a cluster launched in this build: {@code sky down -y}, {@code sky status} to see it gone, then the
     * name file deleted when it names it.
     *
     * @param file null when none was written
     * @return empty when the cluster is gone, else what went wrong
     */
    Optional<String> tearDownAndCheck(ClusterRef ref, ClusterNameFile file) {
        String name = ref.name();
        try {
            SkyRunResult down = runner.run(sky.down(name, false), cleanupSettings());
            Optional<String> failed = cleanupFailure(down, "sky down -y " + name);
            if (failed.isPresent()) {
                return failed;
            }
            Optional<ClusterStatus> still = readStatus(ref, this::cleanupSettings);
            if (still.isPresent()) {
                return Optional.of("sky status still lists it (" + still.get().status() + ") after sky down: "
                        + down.lastErrorLine());
            }
        } catch (Stopped e) {
            return Optional.of("checking it with " + e.command + (e.result.outcome() instanceof Outcome.TimedOut ? " timed out"
                    : " was interrupted"));
        } catch (SkyFailedException e) {
            return Optional.of(e.message().render(log.spelling()));
        }
        if (file != null) {
            deleteIfItNames(file, name);
        }
        return Optional.empty();
    }

    /** Stops a cluster this build started: {@code sky stop -y}, then {@code sky status} to see it STOPPED. */
    Optional<String> stopAndCheck(ClusterRef ref) {
        String name = ref.name();
        try {
            SkyRunResult stop = runner.run(sky.stop(name), cleanupSettings());
            Optional<String> failed = cleanupFailure(stop, "sky stop -y " + name);
            if (failed.isPresent()) {
                return failed;
            }
            Optional<ClusterStatus> now = readStatus(ref, this::cleanupSettings);
            if (now.isPresent() && !"STOPPED".equals(now.get().status())) {
                return Optional.of("sky status shows it " + now.get().status() + " after sky stop: "
                        + stop.lastErrorLine());
            }
            return Optional.empty();
        } catch (Stopped e) {
            return Optional.of("checking it with " + e.command + (e.result.outcome() instanceof Outcome.TimedOut ? " timed out"
                    : " was interrupted"));
        } catch (SkyFailedException e) {
            return Optional.of(e.message().render(log.spelling()));
        }
    }

    private static Optional<String> cleanupFailure(SkyRunResult result, String command) {
        if (result.outcome() instanceof Outcome.TimedOut) {
            return Optional.of("`" + command + "` did not finish within " + CLEANUP_TIMEOUT_SECONDS + " s");
        }
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            return Optional.of("`" + command + "` was interrupted");
        }
        if (exited.code() != 0) {
            return Optional.of("`" + command + "` failed with exit code " + exited.code() + ": "
                    + result.lastErrorLine());
        }
        return Optional.empty();
    }

    /** A status query: its output kept to be parsed, not shown, and not in the log file. */
    private static SkyRunSettings captured(SkyRunSettings runSettings) {
        return runSettings.toBuilder().logFile(null).output(OutputMode.CAPTURED).build();
    }

    /** Clean-up commands run whatever is left of the budget, each with its own bound and no clean-up of its own. */
    private SkyRunSettings cleanupSettings() {
        return settings.toBuilder().timeoutSeconds(CLEANUP_TIMEOUT_SECONDS).noCleanup().build();
    }

    private void deleteIfItNames(ClusterNameFile file, String name) {
        try {
            file.deleteIfItNames(name);
        } catch (IOException | BadInputException e) {
            log.warn(Message.of("Could not remove " + file.path() + " (" + e.getMessage() + "); it names " + name
                    + ", which is gone: ", Action.DOWN.named(), " or the next ", Action.PROVISION.named(),
                    " clears it."));
        }
    }

    /** What ended a command of this goal: "did not finish within <the budget>" or "was interrupted". */
    static Message stopped(SkyRunResult result, Deadline deadline) {
        return result.outcome() instanceof Outcome.TimedOut ? Message.of("did not finish within ", deadline.describe())
                : Message.of("was interrupted");
    }

    /** A command of this goal ended by the timeout or an interrupt. */
    static final class Stopped extends Exception {
        final String command;
        final SkyRunResult result;

        private Stopped(String command, SkyRunResult result) {
            super(command, null, false, false);
            this.command = command;
            this.result = result;
        }

        /** @return the exit code of a command that ran to its end */
        static int check(String command, SkyRunResult result) throws Stopped {
            if (!(result.outcome() instanceof Outcome.Exited exited)) {
                throw new Stopped(command, result);
            }
            return exited.code();
        }
    }
}
