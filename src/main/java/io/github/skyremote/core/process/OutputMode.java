package io.github.skyremote.core.process;

/** What happens to a process's stdout; stderr is always shown as warnings. */
public sealed interface OutputMode permits OutputMode.Shown, OutputMode.Captured {
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
}
