package io.github.skyremote.core;

/**
 * Base of every error the core reports. The message says what happened; {@link #fix()} says what to do,
 * with the exact parameter or command, so that the Maven layer can print both without knowing the case.
 */
public abstract class RemoteException extends Exception {
    private final String fix;

    protected RemoteException(String message, String fix) {
        this(message, fix, null);
    }

    protected RemoteException(String message, String fix, Throwable cause) {
        super(message, cause);
        this.fix = fix == null ? "" : fix;
    }

    /** What the user should do next; may be empty. */
    public String fix() {
        return fix;
    }

    /** Message and fix as the multi-line text a build log shows. */
    public String describe() {
        if (fix.isEmpty()) {
            return getMessage();
        }
        return getMessage() + System.lineSeparator() + indent(fix);
    }

    private static String indent(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (out.length() > 0) {
                out.append(System.lineSeparator());
            }
            out.append("        ").append(line);
        }
        return out.toString();
    }
}
