package io.github.skyremote.core.sky;

import io.github.skyremote.core.process.OutputMode;
import io.github.skyremote.core.process.SecretMasker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How {@link SkyRunner} runs and shows one command. Made by a {@link Builder}; {@link #toBuilder()} starts a variant
 * (a shorter timeout, another clean-up, captured output).
 */
public final class SkyRunSettings {
    private static final Function<SkyRunner.Progress, Optional<SkyCommand>> NO_CLEANUP = p -> Optional.empty();

    private final long timeoutSeconds;
    private final Path logFile;
    private final boolean stripAnsi;
    private final String linePrefix;
    private final SecretMasker masker;
    private final Function<SkyRunner.Progress, Optional<SkyCommand>> cleanup;
    private final OutputMode output;
    private final SkyRunner.LineInterceptor interceptor;
    private final Map<String, String> environment;

    private SkyRunSettings(Builder b) {
        this.timeoutSeconds = b.timeoutSeconds;
        this.logFile = b.logFile;
        this.stripAnsi = b.stripAnsi;
        this.linePrefix = b.linePrefix;
        this.masker = b.masker;
        this.cleanup = b.cleanup;
        this.output = b.output;
        this.interceptor = b.interceptor;
        this.environment = Map.copyOf(b.environment);
    }

    /** No timeout, no log file, shown without colours, no prefix, nothing masked, no clean-up. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.timeoutSeconds = timeoutSeconds;
        b.logFile = logFile;
        b.stripAnsi = stripAnsi;
        b.linePrefix = linePrefix;
        b.masker = masker;
        b.cleanup = cleanup;
        b.output = output;
        b.interceptor = interceptor;
        b.environment.putAll(environment);
        return b;
    }

    /** 0 for none. */
    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    /** Null for none. */
    public Path logFile() {
        return logFile;
    }

    public boolean stripAnsi() {
        return stripAnsi;
    }

    public String linePrefix() {
        return linePrefix;
    }

    public SecretMasker masker() {
        return masker;
    }

    public Function<SkyRunner.Progress, Optional<SkyCommand>> cleanup() {
        return cleanup;
    }

    public OutputMode output() {
        return output;
    }

    public SkyRunner.LineInterceptor interceptor() {
        return interceptor;
    }

    /** Variables the {@code sky} process gets on top of the JVM's and {@link SkyCommand#environment()}. */
    public Map<String, String> environment() {
        return environment;
    }

    public static final class Builder {
        private long timeoutSeconds;
        private Path logFile;
        private boolean stripAnsi = true;
        private String linePrefix = "";
        private SecretMasker masker = SecretMasker.NONE;
        private Function<SkyRunner.Progress, Optional<SkyCommand>> cleanup = NO_CLEANUP;
        private OutputMode output = OutputMode.SHOWN;
        private SkyRunner.LineInterceptor interceptor = SkyRunner.LineInterceptor.NONE;
        private final Map<String, String> environment = new LinkedHashMap<>();

        private Builder() {
        }

        /** @param seconds 0 for no limit */
        public Builder timeoutSeconds(long seconds) {
            this.timeoutSeconds = seconds;
            return this;
        }

        /** A copy of every line; null for none. */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** Strip colours from displayed lines (batch mode, no console); parsing and the log file always strip. */
        public Builder stripAnsi(boolean strip) {
            this.stripAnsi = strip;
            return this;
        }

        /** Put before every displayed line (the module name in parallel builds); "" for none. */
        public Builder linePrefix(String prefix) {
            this.linePrefix = prefix;
            return this;
        }

        public Builder masker(SecretMasker secrets) {
            this.masker = secrets;
            return this;
        }

        /** What to run after a timeout or an interrupt, given what was parsed so far; empty for nothing. */
        public Builder cleanup(Function<SkyRunner.Progress, Optional<SkyCommand>> action) {
            this.cleanup = action;
            return this;
        }

        /** No clean-up command. */
        public Builder noCleanup() {
            return cleanup(NO_CLEANUP);
        }

        /** Shown (the default), captured to parse (e.g. {@code sky status -o json}), or raw. */
        public Builder output(OutputMode mode) {
            this.output = mode;
            return this;
        }

        /** Lets the interceptor take stdout lines (e.g. a report sent back between markers) before display. */
        public Builder interceptor(SkyRunner.LineInterceptor lineInterceptor) {
            this.interceptor = lineInterceptor;
            return this;
        }

        /** Adds a variable to the {@code sky} process's environment (e.g. an API server's token: never shown). */
        public Builder environment(String name, String value) {
            this.environment.put(name, value);
            return this;
        }

        public SkyRunSettings build() {
            return new SkyRunSettings(this);
        }
    }
}
