package io.github.skyremote.core.cluster;

import io.github.skyremote.core.sky.SkyRunSettings;
import io.github.skyremote.core.process.Outcome;
import io.github.skyremote.core.Action;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.Spelling;
import io.github.skyremote.core.process.Deadline;
import io.github.skyremote.core.sky.ClusterStatus;
import io.github.skyremote.core.sky.SkyCommand;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyExitCodes;
import io.github.skyremote.core.sky.SkyRunResult;
import io.github.skyremote.core.sky.SkyRunner;
import java.util.Optional;

/**
 * The safety net of a cluster this build provisioned (autostop after the idle minutes, and autodown unless turned off):
 * confirmed with {@code sky status}, set again with {@code sky autostop} when missing, and confirmed once more. When it
 * cannot be confirmed, what happens depends on how the cluster came to be UP ({@link Origin}): a launched one is torn
 * down, a started one stopped again, a reused one left UP with the command that sets it. Every command runs with the
 * clean-up of its origin, so a timeout or an interrupt (from the runner's shutdown hook on Ctrl+C/SIGTERM) removes
 * what this build made.
 */
final class SafetyNet {
    /** How the cluster came to be UP in this build, which decides what happens when its safety net is not there. */
    enum Origin {
        LAUNCHED, STARTED, REUSED
    }

    private final SkyRunner runner;
    private final SkyCommandBuilder sky;
    private final SkyRunSettings settings;
    private final Deadline deadline;
    private final SkyLog log;
    private final ClusterCommands commands;

    SafetyNet(SkyRunner runner, SkyCommandBuilder sky, SkyRunSettings settings, Deadline deadline, SkyLog log,
            ClusterCommands commands) {
        this.runner = runner;
        this.sky = sky;
        this.settings = settings;
        this.deadline = deadline;
        this.log = log;
        this.commands = commands;
    }

    /** Confirms (and if need be sets) the safety net; what happens when that fails depends on the origin. */
    void secure(ClusterRef ref, SkyCommand autostop, SkyCommandBuilder.LaunchOptions options,
            ClusterStatus known, Origin origin, ClusterNameFile file) throws SkyFailedException {
        try {
            ensureSafetyNet(ref, autostop, options, known, origin);
        } catch (Unguarded e) {
            throw switch (origin) {
                case LAUNCHED -> unguardedLaunch(ref, file, e);
                case STARTED -> unguardedStart(ref, e);
                case REUSED -> unguardedReuse(ref, autostop, e);
            };
        }
    }

    /**
     * Checks that the cluster carries autostop (and autodown when asked for); sets it with {@code sky autostop} when it
     * does not, and checks again, because {@code sky autostop} exits 0 when it skips a cluster.
     *
     * @param known the record read just before (a cluster found UP), or null to read it now
     */
    private void ensureSafetyNet(ClusterRef ref, SkyCommand autostop, SkyCommandBuilder.LaunchOptions options,
            ClusterStatus known, Origin origin) throws Unguarded {
        ClusterStatus record = known != null ? known : listed(ref, origin);
        if (hasSafetyNet(record, options)) {
            return;
        }
        if (!record.autostopKnown() && origin == Origin.REUSED) {
            return; // an old CLI's table does not show autostop; a cluster that was UP keeps its own settings
        }
        if (record.autostopKnown()) {
            log.warn("Cluster " + ref.name() + " has " + describeSafetyNet(record) + "; setting it: "
                    + autostop.display());
        } else {
            log.info("This sky's status table does not show autostop: setting " + ref.name() + "'s again to be"
                    + " sure: " + autostop.display());
        }
        SkyRunResult result;
        try {
            result = runner.run(autostop, guarded(origin, ref.name()));
        } catch (SkyFailedException e) {
            throw new Unguarded(text(e));
        }
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            throw Unguarded.stopped("sky autostop", result, deadline, log.spelling());
        }
        if (exited.code() != 0) {
            throw new Unguarded(text(SkyExitCodes.clientFailure("autostop", result, ref)));
        }
        if (!record.autostopKnown()) {
            return; // nothing to check it with: sky autostop's exit code is all there is
        }
        ClusterStatus after = listed(ref, origin);
        if (!hasSafetyNet(after, options)) {
            String said = result.lastErrorLine();
            throw new Unguarded("sky autostop exited 0, but sky status still shows " + describeSafetyNet(after)
                    + (said.isEmpty() ? "" : " (sky autostop said: " + said + ")"));
        }
    }

    private static boolean hasSafetyNet(ClusterStatus record, SkyCommandBuilder.LaunchOptions options) {
        return record.autostopKnown() && record.autostopMinutes() >= 0 && (!options.autodown() || record.toDown());
    }

    private static String describeSafetyNet(ClusterStatus record) {
        return record.autostopMinutes() < 0 ? "no autostop"
                : "autostop after " + record.autostopMinutes() + " minutes but no autodown";
    }

    /** The cluster's record for the safety-net check; anything but a readable record is a failure to confirm. */
    private ClusterStatus listed(ClusterRef ref, Origin origin) throws Unguarded {
        try {
            return commands.readStatus(ref, () -> guarded(origin, ref.name()))
                    .orElseThrow(() -> new Unguarded("sky status does not list it"));
        } catch (ClusterCommands.Stopped e) {
            throw Unguarded.stopped(e.command, e.result, deadline, log.spelling());
        } catch (SkyFailedException e) {
            throw new Unguarded(text(e));
        }
    }

    /**
     * Settings for a command run while the cluster may be unguarded: what is left of the budget, and the clean-up
     * that the runner runs on a timeout or interrupt (from its shutdown hook on Ctrl+C/SIGTERM).
     */
    SkyRunSettings guarded(Origin origin, String name) {
        SkyRunSettings.Builder limited = limited().toBuilder();
        return switch (origin) {
            case LAUNCHED -> limited.cleanup(p -> Optional.of(sky.down(name, false))).build();
            case STARTED -> limited.cleanup(p -> Optional.of(sky.stop(name))).build();
            case REUSED -> limited.noCleanup().build();
        };
    }

    private SkyFailedException unguardedLaunch(ClusterRef ref, ClusterNameFile file, Unguarded e) {
        String name = ref.name();
        String unconfirmed = "Cluster " + name + " was launched, but its autostop/autodown could not be confirmed: "
                + e.getMessage();
        String check = "Check: sky status " + name;
        Message remove = Message.of(downCommand(ref), "   (or: sky down -y " + name + ")");
        if (e.interrupted) {
            return new SkyFailedException(Message.of(unconfirmed + "; " + e.cleanup + ". "
                    + file.path().getFileName() + " still names it."), Message.of(check
                            + "\nIf it is still listed, tear it down: ", remove));
        }
        log.warn(unconfirmed + ". Tearing it down so that it does not bill unguarded.");
        Optional<String> problem = commands.tearDownAndCheck(ref, file);
        if (problem.isEmpty()) {
            return new SkyFailedException(Message.of(unconfirmed + ". It was torn down (sky down -y " + name
                    + ") and no name file was kept."), Message.of(check + "\n", retryHint(e)));
        }
        return new SkyFailedException(Message.of(unconfirmed + ". Tearing it down failed too: " + problem.get() + ". "
                + file.path().getFileName() + " still names it, so that ", Action.DOWN.named(),
                " can finish the teardown."), Message.of(check + "\nTear it down: ", remove));
    }

    private SkyFailedException unguardedStart(ClusterRef ref, Unguarded e) {
        String name = ref.name();
        String unconfirmed = "Cluster " + name + " was started, but its autostop/autodown could not be confirmed: "
                + e.getMessage();
        String check = "Check: sky status " + name;
        Message remove = Message.of("sky stop -y " + name + "   or tear it down: ", downCommand(ref));
        if (e.interrupted) {
            return new SkyFailedException(Message.of(unconfirmed + "; " + e.cleanup + "."),
                    Message.of(check + "\nIf it is UP: ", remove));
        }
        log.warn(unconfirmed + ". Stopping it again so that it does not bill unguarded.");
        Optional<String> problem = commands.stopAndCheck(ref);
        if (problem.isEmpty()) {
            return new SkyFailedException(Message.of(unconfirmed + ". It was stopped again (sky stop -y " + name
                    + ")."), Message.of(check + "\n", retryHint(e)));
        }
        return new SkyFailedException(Message.of(unconfirmed + ". Stopping it failed too: " + problem.get()
                + ". It may be UP and billing."), Message.of(check + "\nStop it: ", remove));
    }

    private SkyFailedException unguardedReuse(ClusterRef ref, SkyCommand autostop, Unguarded e) {
        String name = ref.name();
        return new SkyFailedException(Message.of("Cluster " + name + " (from ", ref.source(), ") is UP without its"
                + " autostop/autodown, and setting it failed: " + e.getMessage() + ". It was left UP: it was running"
                + " before this build."),
                Message.of("Check: sky status " + name + "\nSet it: " + autostop.display()
                        + "\nor tear it down: ", downCommand(ref)));
    }

    private static Message retryHint(Unguarded e) {
        return e.timedOut ? Message.of("Give the goal more time (", Setting.TIMEOUT.option(),
                " is a budget for the whole goal), then provision again.")
                : Message.of("Read sky's messages above, then provision again.");
    }

    /** An error's message as text to go into another message: spelled for this log's reader. */
    private String text(RemoteException e) {
        return e.message().render(log.spelling());
    }

    /** The command that tears the cluster down by hand. */
    static Message.Run downCommand(ClusterRef ref) {
        return Action.DOWN.run(Setting.DEVICE.option(ref.device().toString()));
    }

    /** The safety net of a billing cluster could not be confirmed; the message says why. */
    private static final class Unguarded extends Exception {
        private final boolean timedOut;
        private final boolean interrupted;
        private final String cleanup;

        Unguarded(String why) {
            this(why, false, false, "");
        }

        private Unguarded(String why, boolean timedOut, boolean interrupted, String cleanup) {
            super(why, null, false, false);
            this.timedOut = timedOut;
            this.interrupted = interrupted;
            this.cleanup = cleanup;
        }

        /** @param spelling how the text, which goes into another message, names the timeout setting */
        static Unguarded stopped(String command, SkyRunResult result, Deadline deadline, Spelling spelling) {
            return new Unguarded(command + " " + ClusterCommands.stopped(result, deadline).render(spelling),
                    result.outcome() instanceof Outcome.TimedOut,
                    result.outcome() instanceof Outcome.Interrupted, result.cleanup());
        }
    }

    /** The run settings with what is left of the goal's budget as the timeout. */
    private SkyRunSettings limited() {
        return settings.toBuilder().timeoutSeconds(deadline.secondsForNextCommand()).build();
    }
}
