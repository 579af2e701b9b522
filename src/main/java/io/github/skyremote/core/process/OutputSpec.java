package io.github.skyremote.core.process;

import java.nio.file.Path;

/**
 * How a run's output is handled.
 *
 * @param mode what happens to stdout
 * @param linePrefix put before every displayed line (the module name in parallel builds); "" for none
 * @param stripAnsi strip colours from displayed lines (batch mode, no console); the log file, the tail and the hook
 *        always get lines without them
 * @param masker hides secret values in everything shown or stored
 * @param logFile copy of every line; null for none
 * @param hook parses lines, or takes some out, on their way
 */
public record OutputSpec(OutputMode mode, String linePrefix, boolean stripAnsi, SecretMasker masker, Path logFile,
        LineHook hook) {

    /** Shown or captured as they are: no prefix, no colours, no secrets, no log file, no hook. */
    public static OutputSpec plain(OutputMode mode) {
        return new OutputSpec(mode, "", true, SecretMasker.NONE, null, LineHook.NONE);
    }
}
