package io.github.skyremote.core.process;

/**
 * How a supervised process ended. Only {@link Exited} has an exit code: after a timeout or an interrupt the process was
 * killed, and the code it died with says nothing about its work, so a caller has to tell the cases apart to get one.
 */
public sealed interface Outcome permits Outcome.Exited, Outcome.TimedOut, Outcome.Interrupted {
    /** It ended on its own with this exit code. */
    record Exited(int code) implements Outcome {
    }

    /** Its timeout ended it: it was killed after this many seconds. */
    record TimedOut(long seconds) implements Outcome {
    }

    /**
     * The build was interrupted (Ctrl+C, SIGTERM, a thread interrupt) and the process killed, or the interrupt reached
     * the process first and it ended of it.
     */
    record Interrupted() implements Outcome {
    }
}
