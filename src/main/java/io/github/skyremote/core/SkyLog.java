package io.github.skyremote.core;

import java.nio.charset.StandardCharsets;

/** Where the core reports: the Maven log in the plugin, a list in tests. */
public interface SkyLog {
    void info(String line);

    void warn(String line);

    void error(String line);

    void debug(String line);

    boolean isDebugEnabled();

    /**
     * A line of a process's output shown at info level: {@code prefix} then {@code line[0, length)}, both printable
     * ASCII (lines with anything else come through {@link #info(String)}), valid only during the call. It may be held
     * back until {@link #flush()} or the next message; the default logs it at once.
     */
    default void output(byte[] prefix, byte[] line, int length) {
        info(new String(prefix, StandardCharsets.US_ASCII) + new String(line, 0, length, StandardCharsets.US_ASCII));
    }

    /** Shows what {@link #output} holds back: the process has nothing more to print for now, or ended. */
    default void flush() {
    }

    /** How this log's reader spells the settings and steps a {@link Message} names. */
    default Spelling spelling() {
        return Spelling.NEUTRAL;
    }

    default void info(Message line) {
        info(line.render(spelling()));
    }

    default void warn(Message line) {
        warn(line.render(spelling()));
    }

    default void error(Message line) {
        error(line.render(spelling()));
    }
}
