package io.github.skyremote.core;

/**
 * Base of every error the core reports. The message says what happened; {@link #fix()} says what to do, with the
 * exact setting or command, so that the plugin layer can print both without knowing the case. Both are
 * {@link Message}s: the settings they name are spelled by the plugin layer ({@link #describe(Spelling)}).
 */
public abstract class RemoteException extends Exception {
    private final Message message;
    private final Message fix;
    private volatile Spelling spelling = Spelling.NEUTRAL;

    protected RemoteException(Message message, Message fix, Throwable cause) {
        super(message.toString(), cause);
        this.message = message;
        this.fix = fix == null ? Message.of() : fix;
    }

    /** What happened. */
    public Message message() {
        return message;
    }

    /** What happened, spelled as set by {@link #spelledFor} (neutral until then). */
    @Override
    public String getMessage() {
        return message.render(spelling);
    }

    /**
     * Spells {@link #getMessage()} for the user of one build tool. The plugin layer that reports this error sets it,
     * so that a report that also prints the cause's message (Maven's error summary adds each cause's message it does
     * not already show) repeats nothing in other words.
     */
    public RemoteException spelledFor(Spelling spelling) {
        this.spelling = spelling;
        return this;
    }

    /** What the user should do next; may be empty. */
    public Message fix() {
        return fix;
    }

    /** Message and fix as the multi-line text a build log shows, spelled for the user's build tool. */
    public String describe(Spelling spelling) {
        String text = message.render(spelling);
        if (fix.isEmpty()) {
            return text;
        }
        return text + System.lineSeparator() + indent(fix.render(spelling));
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
