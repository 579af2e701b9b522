package io.github.skyremote.maven;

import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.Spelling;
import java.io.PrintStream;
import java.util.function.Supplier;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;

/**
 * The core's log on Maven's logger. A process's plain output lines go there too, one call a line, unless
 * {@link ConsoleLines} can print them as the logger would, in batches; then every message first hands on the lines held
 * back, so that the log keeps the order in which things happened.
 */
final class MavenSkyLog implements SkyLog {
    private final Log log;
    /** Null: output lines go through the logger one by one. */
    private final ConsoleLines console;
    private final boolean showOutput;

    MavenSkyLog(Log log) {
        this(log, null);
    }

    MavenSkyLog(Log log, ConsoleLines console) {
        this.log = log;
        this.console = console;
        this.showOutput = log.isInfoEnabled(); // false with -q
    }

    /**
     * The log of the {@code sky} commands: their output lines in batches where that prints exactly what Maven's logger
     * would ({@link ConsoleLines#targetFor}), else line by line through the logger. Maven colours its output on a
     * console, or with {@code -Dstyle.color=always}.
     */
    static MavenSkyLog forOutput(Log log, MavenSession session) {
        boolean plain = !session.getRequest().isInteractiveMode() || System.console() == null;
        String style = session.getUserProperties().getProperty("style.color",
                session.getSystemProperties().getProperty("style.color", ""));
        boolean colours = !plain || "always".equalsIgnoreCase(style.trim());
        String version = session.getSystemProperties().getProperty("maven.version", "");
        return forOutput(log, version, colours, () -> System.out);
    }

    static MavenSkyLog forOutput(Log log, String mavenVersion, boolean colours, Supplier<PrintStream> console) {
        ConsoleLines.Target target = ConsoleLines.targetFor(mavenVersion, colours, log, console);
        return new MavenSkyLog(log, target == null ? null : new ConsoleLines(target));
    }

    @Override
    public void output(byte[] prefix, byte[] line, int length) {
        if (console == null) {
            SkyLog.super.output(prefix, line, length);
        } else if (showOutput) {
            console.line(prefix, line, length);
        }
    }

    @Override
    public void flush() {
        if (console != null) {
            console.flush();
        }
    }

    @Override
    public void info(String line) {
        flush();
        log.info(line);
    }

    @Override
    public void warn(String line) {
        flush();
        log.warn(line);
    }

    @Override
    public void error(String line) {
        flush();
        log.error(line);
    }

    @Override
    public void debug(String line) {
        flush();
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
