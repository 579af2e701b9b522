package io.github.skyremote.core.sky;

import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.process.Outcome;
import io.github.skyremote.core.process.OutputFailure;
import io.github.skyremote.core.process.ProcessCommand;
import io.github.skyremote.core.process.Supervision;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * What a stopped {@code sky} command leaves behind, and what is done about it: the settings' clean-up command
 * ({@code sky cancel} of the job, {@code sky down} of a cluster being launched), run with what was parsed so far, or,
 * without one, a warning that SkyPilot's API server may still carry out the request (killing the client does not
 * withdraw it: docs/reliability.md). Said in the log at once as well: when the JVM is shutting down (Ctrl+C, SIGTERM)
 * the build may end before the exception that carries the text is printed.
 */
final class SkySupervision implements Supervision {
    /** Exit codes after which nothing is left running remotely: done, job failed, not found, cancelled. */
    private static final Set<Integer> FINISHED_ON_ITS_OWN = Set.of(0, 100, 102, 103);

    private final SkyCommand command;
    private final SkyRunSettings settings;
    private final SkyOutputParser parser;
    private final SkyLog log;
    private final Runnable onOutput;

    SkySupervision(SkyCommand command, SkyRunSettings settings, SkyOutputParser parser, SkyLog log,
            Runnable onOutput) {
        this.command = command;
        this.settings = settings;
        this.parser = parser;
        this.log = log;
        this.onOutput = onOutput;
    }

    @Override
    public void output() {
        onOutput.run();
    }

    @Override
    public boolean endedByInterrupt(int exitCode) {
        return parser.abortedBySignal(exitCode);
    }

    @Override
    public String stopped(Stop stop, CleanupRunner runner) {
        String why = switch (stop.reason()) {
            case TIMEOUT -> "timed out after " + settings.timeoutSeconds() + " s";
            case INTERRUPT -> "interrupted";
            case OUTPUT_FAILURE -> "failed to handle sky's output";
        };
        stop.failure().ifPresent(failure -> log.error(settings.linePrefix()
                + SkyRunner.capitalized(stoppedFollowing(command, failure)) + "."));
        if (stop.exitCode().isPresent() && FINISHED_ON_ITS_OWN.contains(stop.exitCode().getAsInt())) {
            return ""; // the command had ended normally (the job is over): nothing to clean up
        }
        Optional<SkyCommand> cleanup = settings.cleanup().apply(new SkyRunner.Progress(parser.jobId(),
                parser.requestId()));
        String report = cleanup.isEmpty() ? leftBehind(why) : runCleanup(cleanup.get(), why, runner);
        log.error(settings.linePrefix() + "Build " + why + ": " + report + ".");
        return report;
    }

    /** With an API server, killing the client does not withdraw its request: never claim nothing was done remotely. */
    private String leftBehind(String why) {
        Optional<String> cancel = parser.requestId().map(id -> "sky api cancel " + id);
        String killed = "killed sky " + command.subcommand() + " (" + why + ")";
        if ("exec".equals(command.subcommand())) {
            return killed + " before it printed a job id; SkyPilot's API server may still submit the job (check with"
                    + " sky queue <cluster>" + cancel.map(c -> ", or cancel the request: " + c).orElse("") + ")";
        }
        return killed + "; SkyPilot's API server may still carry out its request"
                + cancel.map(c -> " (cancel it: " + c + ")").orElse("");
    }

    private String runCleanup(SkyCommand cleanup, String why, CleanupRunner runner) {
        String shown = cleanup.display();
        log.warn(settings.linePrefix() + "Build " + why + ": running " + shown);
        Outcome outcome;
        try {
            outcome = runner.run(new ProcessCommand(cleanup.argv(), shown, SkyRunner.environment(settings)));
        } catch (IOException e) {
            return "could not run `" + shown + "`: " + e.getMessage() + "; run it by hand";
        }
        if (outcome instanceof Outcome.TimedOut timedOut) {
            return "ran `" + shown + "` but it did not finish within " + timedOut.seconds() + " s; check it by hand";
        }
        if (!(outcome instanceof Outcome.Exited exited)) {
            return "was interrupted while running `" + shown + "`; run it by hand";
        }
        if (exited.code() != 0) {
            return "ran `" + shown + "`, which failed with exit code " + exited.code() + "; run it by hand";
        }
        return switch (cleanup.subcommand()) {
            case "cancel" -> "the remote job was cancelled (`" + shown + "`)";
            case "down" -> "the cluster was torn down (`" + shown + "`)";
            default -> "ran `" + shown + "`";
        };
    }

    static String stoppedFollowing(SkyCommand command, OutputFailure failure) {
        return "stopped following sky " + command.subcommand() + ", as " + failure.describe();
    }
}
