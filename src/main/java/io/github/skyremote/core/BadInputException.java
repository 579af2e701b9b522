package io.github.skyremote.core;

/** A parameter, a file or the project layout is wrong. Raised before any {@code sky} process starts. */
public final class BadInputException extends RemoteException {
    public BadInputException(String message, String fix) {
        this(Message.of(message), Message.of(fix), null);
    }

    public BadInputException(String message, String fix, Throwable cause) {
        this(Message.of(message), Message.of(fix), cause);
    }

    public BadInputException(Message message, Message fix) {
        this(message, fix, null);
    }

    public BadInputException(Message message, Message fix, Throwable cause) {
        super(message, fix, cause);
    }
}
