package io.github.skyremote.core.process;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the caller of {@link ProcessSupervisor} decides for one run: what its process's end means and what is cleaned
 * up after it was stopped early. The supervisor knows processes; the caller knows what they do.
 */
public interface Supervision {
    /** Nothing to say, nothing to clean up. */
    Supervision NONE = (stop, cleanup) -> "";

    /** Why a process was stopped early. */
    enum Reason {
        /** Its timeout passed. */
        TIMEOUT,
        /** The build was interrupted (Ctrl+C, SIGTERM, a thread interrupt), or the process ended of an interrupt. */
        INTERRUPT,
        /** Its output could no longer be handled (see {@link Stop#failure()}). */
        OUTPUT_FAILURE
    }

    /**
     * @param exitCode the code it had ended with on its own before it was stopped; empty when it was killed
     * @param failure what went wrong, for {@link Reason#OUTPUT_FAILURE}
     */
    record Stop(Reason reason, OptionalInt exitCode, Optional<OutputFailure> failure) {
    }

    /** Runs a clean-up command, bounded in time, its output handled as the run's and logged under its own header. */
    @FunctionalInterface
    interface CleanupRunner {
        Outcome run(ProcessCommand command) throws IOException;
    }

    /**
     * Called once when the process was stopped early, after it was killed, maybe from the JVM's shutdown hook: cleans
     * up what the process left behind and says what was done, for the result ("" for nothing).
     */
    String stopped(Stop stop, CleanupRunner cleanup);

    /**
     * Asked once the process ended on its own and its output is drained: did an interrupt end it? The interrupt may
     * reach the process before the JVM (Ctrl+C in a terminal goes to the whole process group), or the JVM not at all.
     */
    default boolean endedByInterrupt(int exitCode) {
        return false;
    }

    /** The process printed something (for a notice when it stays silent). */
    default void output() {
    }
}
