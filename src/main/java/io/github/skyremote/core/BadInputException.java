package io.github.skyremote.core;

/** A parameter, a file or the project layout is wrong. Raised before any {@code sky} process starts. */
public final class BadInputException extends RemoteException {
    public BadInputException(String message, String fix) {
        super(message, fix);
    }

    public BadInputException(String message, String fix, Throwable cause) {
        super(message, fix, cause);
    }
}
