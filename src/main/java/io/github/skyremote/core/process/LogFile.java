package io.github.skyremote.core.process;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A copy of every line of a run, masked and ANSI stripped. One file serves one goal: its first command starts it
 * afresh, every later one (and each clean-up command) is appended under a header line, so a failed launch's error is
 * still in the file after the teardown that follows it. Callers synchronize.
 */
final class LogFile {
    private final Path path;
    private OutputStream out;

    private LogFile(Path path, OutputStream out) {
        this.path = path;
        this.out = out;
    }

    /** @param append keep what is there (a later command of the same goal) */
    static LogFile open(Path path, boolean append) throws IOException {
        Files.createDirectories(path.getParent());
        OutputStream out = append
                ? Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                : Files.newOutputStream(path);
        return new LogFile(path, new BufferedOutputStream(out, 65536));
    }

    /** {@code === <command> (<UTC time>)}; the command shown holds secret names, never values. */
    void header(String command) {
        byte[] bytes = ("=== " + command + " (" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")")
                .getBytes(StandardCharsets.UTF_8);
        line(bytes, bytes.length);
    }

    void line(byte[] line, int length) {
        try {
            out.write(line, 0, length);
            out.write('\n');
        } catch (IOException e) {
            throw new WriteFailed(path, e);
        }
    }

    void close() throws IOException {
        if (out != null) {
            OutputStream closing = out;
            out = OutputStream.nullOutputStream();
            closing.close();
        }
    }

    Path path() {
        return path;
    }

    /** Writing the log file failed (a full disk, a removed directory). */
    static final class WriteFailed extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        WriteFailed(Path file, IOException cause) {
            super("the log file " + file + " could not be written (" + cause.getMessage() + ")", cause);
        }
    }
}
