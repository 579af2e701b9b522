package io.github.skyremote.core;

/** The remote job ran and did not succeed: the user's code failed, was cancelled, or did not finish. */
public final class JobFailedException extends RemoteException {
    public JobFailedException(String message, String fix) {
        this(Message.of(message), Message.of(fix));
    }

    public JobFailedException(Message message, Message fix) {
        super(message, fix, null);
    }
}
