package io.github.skyremote.core.sky;

import io.github.skyremote.core.Setting;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.process.LineHook;
import io.github.skyremote.core.process.LogFileException;
import io.github.skyremote.core.process.OutputFailure;
import io.github.skyremote.core.process.OutputLostException;
import io.github.skyremote.core.process.OutputSpec;
import io.github.skyremote.core.process.ProcessCommand;
import io.github.skyremote.core.process.ProcessLauncher;
import io.github.skyremote.core.process.ProcessSupervisor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs one {@code sky} command the way docs/reliability.md asks: a {@link ProcessSupervisor} runs the process (stdin
 * empty, both streams drained as lines, killed on a timeout or an interrupt), a {@link SkyOutputParser} reads the job
 * id and return codes on the way, {@link SkySupervision} cleans up after a stop ({@code sky cancel}, {@code sky down})
 * and an {@link IdleWatchdog} says what the build waits for when {@code sky} is silent.
 *
 * <p>One runner serves one goal execution: the first command it runs with a log file starts that file afresh, every
 * later command (and clean-up) is appended under a header line with its argv.
 */
public final class SkyRunner {
    private final ProcessSupervisor supervisor;
    private final SkyLog log;
    private Duration idleNotice = IdleWatchdog.DEFAULT_INTERVAL;

    public SkyRunner(ProcessLauncher launcher, Path workingDirectory, SkyLog log) {
        this(launcher, workingDirectory, log, 30);
    }

    /** @param cleanupTimeoutSeconds bound on each clean-up command */
    public SkyRunner(ProcessLauncher launcher, Path workingDirectory, SkyLog log, long cleanupTimeoutSeconds) {
        this.supervisor = new ProcessSupervisor(launcher, workingDirectory, log, cleanupTimeoutSeconds);
        this.log = log;
    }

    /** Silence of {@code sky} after which the build says what it waits for ({@link IdleWatchdog}); zero: never. */
    public SkyRunner withIdleNotice(Duration interval) {
        this.idleNotice = interval;
        return this;
    }

    /** Takes stdout lines out of the display, e.g. a report streamed back between markers. */
    @FunctionalInterface
    public interface LineInterceptor {
        LineInterceptor NONE = line -> null;

        /**
         * @param plainLine a whole line, ANSI stripped (secrets not yet masked: the interceptor must not log it)
         * @return null to keep the line as it is; else what is left of it to show and log, "" for nothing
         */
        String intercept(String plainLine);

        /**
         * False when the line's UTF-8 bytes {@code line[0, length)} cannot hold anything to take, so that it need not
         * be decoded for the interceptor. Must not allocate; true is always safe.
         */
        default boolean concerns(byte[] line, int length) {
            return true;
        }
    }

    /**
     * What was parsed while the process ran, for its clean-up.
     *
     * @param requestId the API request's id, when sky printed it
     */
    public record Progress(OptionalLong jobId, Optional<String> requestId) {
    }

    public SkyRunResult run(SkyCommand command, SkyRunSettings settings) throws SkyFailedException {
        SkyOutputParser parser = new SkyOutputParser();
        OutputSpec output = new OutputSpec(settings.output(), settings.linePrefix(), settings.stripAnsi(),
                settings.masker(), settings.logFile(), hook(parser, settings.interceptor()));
        IdleWatchdog watchdog = IdleWatchdog.start(idleNotice, command, parser::jobId,
                line -> log.info(settings.linePrefix() + line));
        SkySupervision supervision = new SkySupervision(command, settings, parser, log, watchdog::output);
        ProcessSupervisor.Result result;
        try {
            result = supervisor.run(new ProcessCommand(command.argv(), command.display(), environment(settings)),
                    settings.timeoutSeconds(), output, supervision);
        } catch (LogFileException e) {
            throw new SkyFailedException(Message.of("Cannot write the log file " + e.file() + ": " + e.getMessage()),
                    Message.of("Set ", Setting.LOG_FILE.option(), " to a writable path."), e);
        } catch (OutputLostException e) {
            throw lostTrack(command, e);
        } catch (IOException e) {
            throw new SkyFailedException(Message.of("Could not start " + command.argv().get(0) + ": "
                    + e.getMessage()), Message.of("Check that ", Setting.SKY.option(),
                            " names an executable SkyPilot CLI (pip install skypilot)."), e);
        } finally {
            watchdog.close();
        }
        result.outputFailure().ifPresent(failure -> log.warn(settings.linePrefix() + "sky " + command.subcommand()
                + " ended, but " + failure.describe() + (failure.logFile() ? ": the log file is incomplete."
                        : ": some of its output may not have been handled.")));
        return new SkyRunResult(result.outcome(), parser.jobId(), parser.returnCodes(), result.tail(),
                result.cleanup(), result.captured());
    }

    /** The environment of a {@code sky} process: {@link SkyCommand#environment()} and the settings' variables. */
    static Map<String, String> environment(SkyRunSettings settings) {
        Map<String, String> env = new HashMap<>(SkyCommand.environment());
        env.putAll(settings.environment());
        return env;
    }

    /** The interceptor takes whole stdout lines first; the parser reads what is left, and every other line. */
    private static LineHook hook(SkyOutputParser parser, LineInterceptor interceptor) {
        return new LineHook() {
            @Override
            public boolean concerns(byte[] line, int length, boolean stderr) {
                return parser.concerns(line, length, stderr) || (!stderr && interceptor.concerns(line, length));
            }

            @Override
            public String line(String plain, boolean stderr, boolean whole) {
                String kept = !stderr && whole ? interceptor.intercept(plain) : null;
                String text = kept == null ? plain : kept;
                if (!text.isEmpty()) {
                    parser.line(text, stderr);
                }
                return kept;
            }
        };
    }

    /** The goal fails: the plugin stopped following sky because it could not handle its output. */
    private static SkyFailedException lostTrack(SkyCommand command, OutputLostException e) {
        OutputFailure failure = e.failure();
        Message fix = failure.logFile()
                ? Message.of("Free space where the log file is (or set ", Setting.LOG_FILE.option(),
                        " to a writable path), then run the goal again.")
                : Message.of("This is a bug in remote-maven-plugin: please report it with this message and the build"
                        + " log.");
        return new SkyFailedException(Message.of(capitalized(SkySupervision.stoppedFollowing(command, failure)) + ": "
                + e.cleanup() + "."), fix, failure.cause());
    }

    static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
