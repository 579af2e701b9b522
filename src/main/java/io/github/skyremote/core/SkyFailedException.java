package io.github.skyremote.core;

/**
 * {@code sky} itself failed (missing, too old or too new, crashed, client-side error, timeout), as opposed to the
 * user's remote job failing ({@link JobFailedException}).
 */
public final class SkyFailedException extends RemoteException {
    public SkyFailedException(String message, String fix) {
        this(Message.of(message), Message.of(fix), null);
    }

    public SkyFailedException(String message, String fix, Throwable cause) {
        this(Message.of(message), Message.of(fix), cause);
    }

    public SkyFailedException(Message message, Message fix) {
        this(message, fix, null);
    }

    public SkyFailedException(Message message, Message fix, Throwable cause) {
        super(message, fix, cause);
    }
}
