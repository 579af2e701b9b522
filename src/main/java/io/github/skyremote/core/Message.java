package io.github.skyremote.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A text for the user that names settings, steps and the build tool by neutral keys ({@link Setting},
 * {@link Action}) instead of spelling them for one tool: the core says what is wrong and which setting fixes it, the
 * plugin layer renders it with its {@link Spelling} ({@code -Dremote.syncWarnMb=0}, {@code <env>},
 * {@code mvn remote:provision ...} in Maven), as jib's {@code HelpfulSuggestions} do. Build one with
 * {@link #of(Object...)}: {@code Message.of("Set ", Setting.SKY.option("/path/to/sky"), ".")}.
 */
public final class Message {
    /** One piece of a message. */
    public sealed interface Part permits Text, Option, Name, Configured, Run, Step, Tool {
    }

    /** Plain text, shown as it is. */
    public record Text(String text) implements Part {
        public Text {
            Objects.requireNonNull(text);
        }
    }

    /** A setting as given for one run; {@code value} null names the setting alone. */
    public record Option(Setting setting, String value) implements Part {
        public Option {
            Objects.requireNonNull(setting);
        }
    }

    /** A setting's name in prose. */
    public record Name(Setting setting) implements Part {
        public Name {
            Objects.requireNonNull(setting);
        }
    }

    /**
     * A setting as written in the project's build file; with an example entry ({@code key} and {@code value}) or
     * item ({@code value} only), or neither.
     */
    public record Configured(Setting setting, String key, String value) implements Part {
        public Configured {
            Objects.requireNonNull(setting);
        }
    }

    /** A command that runs a step with settings; {@code once}: once for the whole project, not per module. */
    public record Run(Action action, boolean once, List<Option> options) implements Part {
        public Run {
            Objects.requireNonNull(action);
            options = List.copyOf(options);
        }
    }

    /** A step's name in prose. */
    public record Step(Action action) implements Part {
        public Step {
            Objects.requireNonNull(action);
        }
    }

    /** The build tool's name, as in "before running Maven". */
    public record Tool() implements Part {
    }

    /** The build tool's name, as a piece of {@link #of(Object...)}. */
    public static final Tool TOOL = new Tool();

    private static final Message EMPTY = new Message(List.of());

    private final List<Part> parts;

    private Message(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * A message from pieces in order: a {@link Part} or a {@code Message} is kept as it is, anything else becomes
     * its text ({@code String.valueOf}, so numbers and paths read as in string concatenation).
     */
    public static Message of(Object... pieces) {
        List<Part> parts = new ArrayList<>();
        for (Object piece : pieces) {
            if (piece instanceof Message message) {
                message.parts.forEach(part -> add(parts, part));
            } else if (piece instanceof Part part) {
                add(parts, part);
            } else {
                add(parts, new Text(String.valueOf(piece)));
            }
        }
        return parts.isEmpty() ? EMPTY : new Message(parts);
    }

    /** The messages in order, {@code separator} between them. */
    public static Message join(String separator, List<Message> messages) {
        List<Object> pieces = new ArrayList<>();
        for (Message message : messages) {
            if (!pieces.isEmpty()) {
                pieces.add(separator);
            }
            pieces.add(message);
        }
        return of(pieces.toArray());
    }

    /** Adjacent texts merge, so that equal messages have equal parts. */
    private static void add(List<Part> parts, Part part) {
        if (part instanceof Text text) {
            if (text.text().isEmpty()) {
                return;
            }
            if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof Text last) {
                parts.set(parts.size() - 1, new Text(last.text() + text.text()));
                return;
            }
        }
        parts.add(part);
    }

    public List<Part> parts() {
        return parts;
    }

    public boolean isEmpty() {
        return parts.isEmpty();
    }

    /** The text as the user of one build tool reads it. */
    public String render(Spelling spelling) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            out.append(render(part, spelling));
        }
        return out.toString();
    }

    private static String render(Part part, Spelling spelling) {
        if (part instanceof Text text) {
            return text.text();
        } else if (part instanceof Option option) {
            return spelling.option(option.setting(), option.value());
        } else if (part instanceof Name name) {
            return spelling.name(name.setting());
        } else if (part instanceof Configured configured) {
            return spelling.configured(configured.setting(), configured.key(), configured.value());
        } else if (part instanceof Run run) {
            return spelling.run(run.action(), run.once(), run.options());
        } else if (part instanceof Step step) {
            return spelling.step(step.action());
        }
        return spelling.tool();
    }

    /** True when the message names this setting in any form (as option, name, configuration or in a command). */
    public boolean mentions(Setting setting) {
        for (Part part : parts) {
            boolean named = part instanceof Option option && option.setting() == setting
                    || part instanceof Name name && name.setting() == setting
                    || part instanceof Configured configured && configured.setting() == setting
                    || part instanceof Run run && run.options().stream().anyMatch(o -> o.setting() == setting);
            if (named) {
                return true;
            }
        }
        return false;
    }

    /** True when the message names this step, in prose or as a command. */
    public boolean mentions(Action action) {
        return parts.stream().anyMatch(part -> part instanceof Run run && run.action() == action
                || part instanceof Step step && step.action() == action);
    }

    /** The neutral rendering ({@link Spelling#NEUTRAL}). */
    @Override
    public String toString() {
        return render(Spelling.NEUTRAL);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Message message && message.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }
}
