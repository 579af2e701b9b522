package io.github.skyremote.core;

/** Where the core reports: the Maven log in the plugin, a list in tests. */
public interface SkyLog {
    void info(String line);

    void warn(String line);

    void error(String line);

    void debug(String line);

    boolean isDebugEnabled();
}
