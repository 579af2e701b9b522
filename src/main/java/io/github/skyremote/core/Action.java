package io.github.skyremote.core;

import java.util.List;

/**
 * A step of the plugin the user can run by hand, named for no build tool ({@code mvn remote:provision} in Maven),
 * so that a message can say "provision again" with the exact command.
 */
public enum Action {
    PROVISION("provision"),
    DOWN("down"),
    LOGS("logs"),
    CANCEL("cancel"),
    STATUS("status");

    private final String key;

    Action(String key) {
        this.key = key;
    }

    /** The neutral name, e.g. {@code provision}. */
    public String key() {
        return key;
    }

    /** The command that runs this step with these settings ({@code mvn remote:provision -Ddevice=gpu}). */
    public Message.Run run(Message.Option... options) {
        return new Message.Run(this, false, List.of(options));
    }

    /**
     * As {@link #run}, run once for the whole project rather than for each of its modules ({@code mvn -N ...}): for a
     * cluster the modules of a build share.
     */
    public Message.Run runOnce(Message.Option... options) {
        return new Message.Run(this, true, List.of(options));
    }

    /** The step's name in prose ({@code remote:down}). */
    public Message.Step named() {
        return new Message.Step(this);
    }
}
