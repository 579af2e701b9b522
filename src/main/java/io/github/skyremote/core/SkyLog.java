package io.github.skyremote.core;

/** Where the core reports: the Maven log in the plugin, a list in tests. */
public interface SkyLog {
    void info(String line);

    void warn(String line);

    void error(String line);

    void debug(String line);

    boolean isDebugEnabled();

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
