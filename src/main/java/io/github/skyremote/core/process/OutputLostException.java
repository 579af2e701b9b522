package io.github.skyremote.core.process;

/** The process was stopped (and cleaned up after) because its output could no longer be handled. */
public final class OutputLostException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient OutputFailure failure;
    private final String cleanup;

    OutputLostException(OutputFailure failure, String cleanup) {
        super(failure.describe(), failure.cause());
        this.failure = failure;
        this.cleanup = cleanup;
    }

    public OutputFailure failure() {
        return failure;
    }

    /** What was done after stopping it, as {@link Supervision#stopped} said. */
    public String cleanup() {
        return cleanup;
    }
}
