package io.github.skyremote.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.maven.plugin.logging.Log;

/**
 * A job's plain output lines, formatted as Maven's logger prints an info line ({@code [INFO] }, the module prefix, the
 * text) into one byte buffer, and handed on in one piece whenever {@code sky} has nothing more to print for now
 * ({@link #flush()}) or the buffer is full. One logger call per line cost a job that prints millions of lines twice
 * exec-maven-plugin's time and a heap that grew with the output: Maven 3's logger builds each line anew and flushes
 * {@code System.out} after every line; Maven 4's goes through its build-event listener line by line.
 *
 * <ul>
 * <li>Maven 3: the bytes go to {@code System.out} (looked up at each write: {@code mvn -l} points it at the log
 * file), which is where Maven 3's logger writes (its {@code cacheOutputStream} keeps the {@code System.out} it
 * started with, the same stream unless a plugin replaced it).</li>
 * <li>Maven 4: {@code System.out} is a stream that logs each line as {@code [INFO] [stdout] <line>}, so the batch goes
 * through the plugin's logger as one message: the logger writes its {@code [INFO] } before the first line, the buffer
 * holds the others' ({@code -l}, and a parallel build's routing of messages, stay Maven's).</li>
 * </ul>
 * Used only where the bytes are exactly what the logger would print ({@link #formatsLikeMaven}); elsewhere each line
 * goes through the logger. {@code -q} is honoured by the caller, which asks the logger once whether info is on.
 */
final class ConsoleLines {
    private static final byte[] INFO = "[INFO] ".getBytes(StandardCharsets.US_ASCII);
    /** Above this a burst is handed on even while more is coming: bounded memory, large writes. */
    static final int WRITE_AT = 32 * 1024;

    /** Where a full batch goes: {@code bytes[0, count)}, {@code [INFO] } lines each ending in a newline. */
    interface Target {
        void write(byte[] bytes, int count);
    }

    private final Target target;
    private byte[] buffer = new byte[WRITE_AT + 2 * 1024];
    private int count;

    ConsoleLines(Target target) {
        this.target = target;
    }

    /** Maven 3: the bytes as they are, to the current {@code System.out}. */
    static Target stdout(Supplier<PrintStream> console) {
        return (bytes, count) -> {
            PrintStream out = console.get();
            out.write(bytes, 0, count);
            out.flush();
        };
    }

    /**
     * Maven 4: one logger call for the batch, without the first line's {@code [INFO] } (the logger adds it) and the
     * last newline (the logger ends the message). Lines are printable ASCII: decoding as Latin-1 is a plain copy.
     */
    static Target logger(Consumer<String> info) {
        return (bytes, count) -> info.accept(new String(bytes, INFO.length, count - INFO.length - 1,
                StandardCharsets.ISO_8859_1));
    }

    /** Adds {@code [INFO] }, the prefix, {@code line[0, length)} and a newline; hands the batch on when it is full. */
    synchronized void line(byte[] prefix, byte[] line, int length) {
        int size = INFO.length + prefix.length + length + 1;
        if (count + size > buffer.length) {
            flush();
            if (size > buffer.length) {
                buffer = new byte[size]; // a line longer than a batch (up to the splitter's cap)
            }
        }
        System.arraycopy(INFO, 0, buffer, count, INFO.length);
        count += INFO.length;
        System.arraycopy(prefix, 0, buffer, count, prefix.length);
        count += prefix.length;
        System.arraycopy(line, 0, buffer, count, length);
        count += length;
        buffer[count++] = '\n';
        if (count >= WRITE_AT) {
            flush();
        }
    }

    /** Hands on what is held back. */
    synchronized void flush() {
        if (count == 0) {
            return;
        }
        int n = count;
        count = 0; // a target that throws (a closed stream) must not get the same lines again
        target.write(buffer, n);
    }

    /**
     * Where a line written here looks exactly as Maven's logger would print it: a Maven 3 or 4 that has not replaced
     * its logger, no colours, and the logger's default line layout (no time, thread or logger name, level in
     * brackets), as system properties or the logging configuration file ({@code conf/logging}) set it. Null elsewhere.
     *
     * @param log the plugin's logger, for Maven 4's target
     * @param colours whether Maven colours its output
     */
    static Target targetFor(String mavenVersion, boolean colours, Log log, Supplier<PrintStream> console) {
        if (colours) {
            return null;
        }
        Object factory;
        try {
            // Maven's SLF4J binding, looked up by name: the plugin does not depend on SLF4J (Maven exports it).
            factory = Class.forName("org.slf4j.LoggerFactory").getMethod("getILoggerFactory").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
        String binding = factory.getClass().getName();
        if (mavenVersion.startsWith("3.") && binding.equals("org.slf4j.impl.MavenSimpleLoggerFactory")) {
            Properties file = load(factory, "simplelogger.properties");
            return file != null && formatsLikeMaven(file, System.getProperties(), "org.slf4j.simpleLogger.")
                    && "System.out".equals(value("org.slf4j.simpleLogger.logFile", file, System.getProperties()))
                    ? stdout(console) : null;
        }
        if (mavenVersion.startsWith("4.") && binding.equals("org.apache.maven.slf4j.MavenLoggerFactory")) {
            Properties file = load(factory, "maven.logger.properties");
            return file != null && formatsLikeMaven(file, System.getProperties(), "maven.logger.")
                    ? logger(log::info) : null;
        }
        return null;
    }

    /** The logging configuration file next to the binding; null when it cannot be read. */
    private static Properties load(Object factory, String name) {
        Properties config = new Properties();
        try (InputStream in = factory.getClass().getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                return null;
            }
            config.load(in);
            return config;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The layout keys of Maven's simple logger, system properties over the file. Keys whose built-in default shows
     * something (thread and logger names) must be set off explicitly, as Maven's own files do; the others must not be
     * set on.
     */
    static boolean formatsLikeMaven(Properties file, Properties system, String prefix) {
        for (String key : new String[] {"showThreadName", "showLogName", "levelInBrackets"}) {
            String expected = key.equals("levelInBrackets") ? "true" : "false";
            if (!expected.equalsIgnoreCase(value(prefix + key, file, system))) {
                return false;
            }
        }
        for (String key : new String[] {"showDateTime", "showThreadId", "showShortLogName"}) {
            if ("true".equalsIgnoreCase(value(prefix + key, file, system))) {
                return false;
            }
        }
        return true;
    }

    private static String value(String key, Properties file, Properties system) {
        String value = system.getProperty(key);
        return value != null ? value.trim() : file.getProperty(key, "").trim();
    }
}
