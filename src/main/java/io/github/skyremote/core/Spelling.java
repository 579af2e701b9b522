package io.github.skyremote.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How one build tool spells the settings and steps a {@link Message} names: the Maven layer's spelling writes
 * {@code -Dremote.sky=/path}, {@code <env>} and {@code mvn remote:provision ...}; another front end (a Gradle plugin,
 * a CLI) would write its own. {@link #NEUTRAL} spells the neutral keys, for tests and for
 * {@link Throwable#getMessage()}.
 */
public interface Spelling {
    /** A setting as given for one run; {@code value} null names the setting alone. */
    String option(Setting setting, String value);

    /** A setting's name in prose. */
    String name(Setting setting);

    /**
     * A setting as written in the project's build file, alone ({@code key} and {@code value} null), with an example
     * entry ({@code key} and {@code value}) or an example item ({@code value} only).
     */
    String configured(Setting setting, String key, String value);

    /** The command that runs a step with these settings; {@code once}: once for the project, not per module. */
    String run(Action action, boolean once, List<Message.Option> options);

    /** A step's name in prose. */
    String step(Action action);

    /** The build tool's name. */
    String tool();

    /** The neutral keys in braces: {@code {sky=/path}}, {@code {env: MY_VAR=1}}, {@code {provision device=gpu}}. */
    Spelling NEUTRAL = new Spelling() {
        @Override
        public String option(Setting setting, String value) {
            return "{" + assignment(setting, value) + "}";
        }

        @Override
        public String name(Setting setting) {
            return setting.key();
        }

        @Override
        public String configured(Setting setting, String key, String value) {
            return "{" + setting.key() + (value == null ? "" : ": " + (key == null ? value : key + "=" + value)) + "}";
        }

        @Override
        public String run(Action action, boolean once, List<Message.Option> options) {
            return "{" + action.key() + options.stream().map(o -> " " + assignment(o.setting(), o.value()))
                    .collect(Collectors.joining()) + (once ? " (once)" : "") + "}";
        }

        @Override
        public String step(Action action) {
            return action.key();
        }

        @Override
        public String tool() {
            return "the build tool";
        }

        private String assignment(Setting setting, String value) {
            return setting.key() + (value == null ? "" : "=" + value);
        }
    };
}
