package io.github.skyremote.core.process;

/** What went wrong while a run's output was handled: the log file could not be written, or a line hook threw. */
public record OutputFailure(Throwable cause) {
    /** The log file could not be written (a full disk, a removed directory), rather than a bug of a hook. */
    public boolean logFile() {
        return cause instanceof LogFile.WriteFailed;
    }

    /** For messages: "the log file x could not be written (...)" or "a handler of its output failed (...)". */
    public String describe() {
        return logFile() ? cause.getMessage() : "a handler of its output failed (" + cause + ")";
    }
}
