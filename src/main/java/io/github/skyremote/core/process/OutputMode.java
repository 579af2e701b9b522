package io.github.skyremote.core.process;

import java.io.PrintStream;

/** What happens to a process's stdout; stderr is always shown as warnings. */
public sealed interface OutputMode permits OutputMode.Shown, OutputMode.Captured, OutputMode.Raw {
    Shown SHOWN = new Shown();
    Captured CAPTURED = new Captured();

    /** Each line shown at info level. */
    record Shown() implements OutputMode {
    }

    /**
     * Kept for the caller to parse (up to {@link ProcessSupervisor#MAX_CAPTURED_LINES} lines, ANSI stripped, NOT
     * masked, so that a secret equal to {@code true} cannot corrupt the JSON in it), and shown at debug level only,
     * masked.
     */
    record Captured() implements OutputMode {
    }

    /**
     * Copied to this stream as the process prints it, in the chunks it arrives in, colours included, instead of line
     * by line: cheaper for a process that prints a lot. Lines are still split, parsed, kept in the tail and written to
     * the log file; the console gets every byte unchanged (not masked, not prefixed, no line taken out), so this is
     * only for output without secrets.
     */
    record Raw(PrintStream console) implements OutputMode {
    }
}
