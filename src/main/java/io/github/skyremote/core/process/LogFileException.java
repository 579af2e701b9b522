package io.github.skyremote.core.process;

import java.io.IOException;
import java.nio.file.Path;

/** The run's log file could not be opened; nothing was started. */
public final class LogFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    LogFileException(Path file, IOException cause) {
        super(cause.getMessage(), cause);
        this.file = file;
    }

    /** The file as it was given. */
    public Path file() {
        return file;
    }
}
