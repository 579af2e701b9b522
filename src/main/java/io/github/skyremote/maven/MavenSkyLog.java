package io.github.skyremote.maven;

import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.Spelling;
import org.apache.maven.plugin.logging.Log;

/** The core's log, written line by line to Maven's logger (Maven 4 holds back raw System.out). */
final class MavenSkyLog implements SkyLog {
    private final Log log;

    MavenSkyLog(Log log) {
        this.log = log;
    }

    @Override
    public void info(String line) {
        log.info(line);
    }

    @Override
    public void warn(String line) {
        log.warn(line);
    }

    @Override
    public void error(String line) {
        log.error(line);
    }

    @Override
    public void debug(String line) {
        log.debug(line);
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    /** The core's messages name settings such as {@code -Dremote.sky} as a Maven user writes them. */
    @Override
    public Spelling spelling() {
        return MavenSpelling.INSTANCE;
    }
}
