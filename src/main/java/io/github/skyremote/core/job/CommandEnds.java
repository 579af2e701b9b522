package io.github.skyremote.core.job;

import io.github.skyremote.core.process.Deadline;
import io.github.skyremote.core.process.Outcome;
import io.github.skyremote.core.sky.SkyRunResult;
import io.github.skyremote.core.sky.SkyRunSettings;

/**
 * How a follow-up command ({@code sky logs}, {@code sky cancel}, {@code sky jobs ...}) ended, in the few words its
 * callers need: whether it was stopped (and why) or exited with a code; and its settings with what is left of the
 * goal's budget.
 */
final class CommandEnds {
    /** Stands for "no exit code": the process was stopped (timeout, interrupt) before it exited. */
    static final int STOPPED = -1;

    private CommandEnds() {
    }

    /** The exit code, or {@link #STOPPED}. */
    static int exitCode(SkyRunResult result) {
        return result.outcome() instanceof Outcome.Exited exited ? exited.code() : STOPPED;
    }

    /** True when a timeout or an interrupt ended the command. */
    static boolean stopped(SkyRunResult result) {
        return !(result.outcome() instanceof Outcome.Exited);
    }

    static boolean timedOut(SkyRunResult result) {
        return result.outcome() instanceof Outcome.TimedOut;
    }

    /** The same result with another exit code (what {@code sky logs --status} said about the job). */
    static SkyRunResult withExit(SkyRunResult r, int exit) {
        return new SkyRunResult(new Outcome.Exited(exit), r.jobId(), r.returnCodes(), r.tail(), r.cleanup(),
                r.output());
    }

    /** The settings with what is left of the goal's budget as the command's timeout. */
    static SkyRunSettings.Builder limited(SkyRunSettings settings, Deadline deadline) {
        return settings.toBuilder().timeoutSeconds(deadline.secondsForNextCommand());
    }
}
