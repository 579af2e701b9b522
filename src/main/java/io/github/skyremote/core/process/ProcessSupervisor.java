package io.github.skyremote.core.process;

import io.github.skyremote.core.JvmShutdown;
import io.github.skyremote.core.SkyLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one process at a time and sees it to its end: started through the {@link ProcessLauncher} seam, both streams
 * drained on their own threads into the {@link OutputSpec}'s handling as lines arrive; a timeout, an interrupted build
 * (a thread interrupt, or the JVM shutting down on Ctrl+C or SIGTERM: a shutdown hook) or output that can no longer be
 * handled ends in the process's own processes killed ({@link ProcessTree}) and the caller's {@link Supervision} asked
 * to clean up, with a bounded clean-up command when it has one. A run started while the JVM already shuts down (a
 * teardown from a shutdown hook) adds no hook and does not take the shutdown for an interrupt of its own.
 *
 * <p>One supervisor serves one goal execution: the first run with a log file starts that file afresh, every later run
 * appends to it ({@link LogFile}).
 */
public final class ProcessSupervisor {
    /** Bound on captured output: what is captured to parse is small; anything larger is not what was asked for. */
    public static final int MAX_CAPTURED_LINES = 20_000;
    private static final long PUMP_DRAIN_MILLIS = 5_000;
    private static final Runnable NOTHING = () -> { };

    private final ProcessLauncher launcher;
    private final Path workingDirectory;
    private final SkyLog log;
    private final long cleanupTimeoutSeconds;
    /** Log files this supervisor has started: later runs append to them. */
    private final Set<Path> startedLogFiles = new HashSet<>();

    /** @param cleanupTimeoutSeconds bound on each clean-up command */
    public ProcessSupervisor(ProcessLauncher launcher, Path workingDirectory, SkyLog log, long cleanupTimeoutSeconds) {
        this.launcher = launcher;
        this.workingDirectory = workingDirectory;
        this.log = log;
        this.cleanupTimeoutSeconds = cleanupTimeoutSeconds;
    }

    /**
     * What a run came to.
     *
     * @param tail the last lines of both streams, ANSI stripped and masked, for error messages
     * @param captured stdout of a {@link OutputMode.Captured} run (ANSI stripped, not masked), else empty
     * @param cleanup what {@link Supervision#stopped} said was done after a stop; "" if nothing
     * @param outputFailure a failure to handle the output seen after the process had ended on its own: the outcome
     *        stands, but the output (the log file) may be incomplete
     */
    public record Result(Outcome outcome, List<String> tail, List<String> captured, String cleanup,
            Optional<OutputFailure> outputFailure) {
    }

    /**
     * Runs the command to its end, or until {@code timeoutSeconds} pass (0: no limit).
     *
     * @throws LogFileException the log file could not be opened; nothing was started
     * @throws IOException the process could not be started
     * @throws OutputLostException its output could not be handled while it ran: it was stopped and cleaned up after
     */
    public Result run(ProcessCommand command, long timeoutSeconds, OutputSpec output, Supervision supervision)
            throws IOException, OutputLostException {
        return new Run(command, timeoutSeconds, output, supervision).execute();
    }

    /** State of one run; the pumps, the waiting thread and the shutdown hook share it. */
    private final class Run {
        private final ProcessCommand command;
        private final long timeoutSeconds;
        private final OutputSpec spec;
        private final Supervision supervision;
        private final AtomicBoolean aborted = new AtomicBoolean();
        private final CountDownLatch abortDone = new CountDownLatch(1);
        /** Completed with the first exception a line handler threw. */
        private final CompletableFuture<Throwable> handlerFailure = new CompletableFuture<>();
        private volatile String cleanupReport = "";
        private ProcessOutput output;
        private volatile Process process;

        Run(ProcessCommand command, long timeoutSeconds, OutputSpec spec, Supervision supervision) {
            this.command = command;
            this.timeoutSeconds = timeoutSeconds;
            this.spec = spec;
            this.supervision = supervision;
        }

        Result execute() throws IOException, OutputLostException {
            output = new ProcessOutput(spec, log, openLogFile(), handlerFailure::complete);
            Thread hook = new Thread(() -> abort(Supervision.Reason.INTERRUPT), "remote-maven-plugin-interrupt");
            boolean hooked = false;
            try {
                log.debug("Running: " + command.display());
                output.header(command.display());
                process = launcher.start(command.argv(), workingDirectory, command.environment());
                hooked = addHook(hook);
                String name = Path.of(command.argv().get(0)).getFileName().toString();
                Thread out = output.drain(process.getInputStream(), false, name + "-stdout", supervision::output);
                Thread err = output.drain(process.getErrorStream(), true, name + "-stderr", supervision::output);
                Outcome outcome = await(hooked, out, err);
                join(out);
                join(err);
                Optional<OutputFailure> failure = Optional.ofNullable(handlerFailure.getNow(null))
                        .map(OutputFailure::new);
                if (outcome == null) {
                    throw new OutputLostException(failure.orElseThrow(), cleanupReport);
                }
                return new Result(outcome, output.tail(), output.captured(), cleanupReport, failure);
            } finally {
                if (hooked) {
                    removeHook(hook);
                }
                output.close();
            }
        }

        /** Waits for the end, stopping the process when it must be; null when it was stopped for its output. */
        private Outcome await(boolean hooked, Thread out, Thread err) {
            boolean timedOut = false;
            boolean lostTrack = false;
            // Wakes on the process's end, or on a line handler's failure while it still runs.
            CompletableFuture<Object> ended = CompletableFuture.anyOf(process.onExit(), handlerFailure);
            try {
                if (timeoutSeconds > 0) {
                    ended.get(timeoutSeconds, TimeUnit.SECONDS);
                } else {
                    ended.get();
                }
            } catch (TimeoutException e) {
                timedOut = true;
                abort(Supervision.Reason.TIMEOUT);
            } catch (ExecutionException e) {
                throw new IllegalStateException("neither future completes exceptionally", e);
            } catch (InterruptedException e) {
                abort(Supervision.Reason.INTERRUPT); // with the flag clear, so the kill and the clean-up can wait
                Thread.currentThread().interrupt();
            }
            if (!aborted.get() && handlerFailure.isDone() && process.isAlive()) {
                // What it prints can no longer be handled (log file, hook): stop it and clean up rather than follow
                // it blind.
                lostTrack = abort(Supervision.Reason.OUTPUT_FAILURE);
            }
            if (!aborted.get() && hooked && JvmShutdown.inProgress()) {
                // Ctrl+C in a terminal reaches the process too, which may exit before our hook runs: clean up anyway.
                abort(Supervision.Reason.INTERRUPT);
            }
            if (!aborted.get()) {
                join(out); // what it printed last may tell how it ended
                join(err);
                if (!process.isAlive() && supervision.endedByInterrupt(process.exitValue())) {
                    // The interrupt reached the process before the JVM, or the JVM never got it.
                    abort(Supervision.Reason.INTERRUPT);
                }
            }
            if (aborted.get()) {
                awaitAbort();
                if (lostTrack) {
                    return null;
                }
                return timedOut ? new Outcome.TimedOut(timeoutSeconds) : new Outcome.Interrupted();
            }
            return new Outcome.Exited(process.isAlive() ? -1 : process.exitValue());
        }

        /**
         * Kills the process's own processes and lets the supervision clean up, once, whoever gets here first (timeout,
         * interrupt, hook, a failed line handler).
         *
         * @return true when this call did it, false when another had already
         */
        private boolean abort(Supervision.Reason reason) {
            if (!aborted.compareAndSet(false, true)) {
                awaitAbort();
                return false;
            }
            try {
                boolean wasAlive = process.isAlive();
                ProcessTree.kill(process.toHandle());
                OptionalInt exit = wasAlive ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
                Optional<OutputFailure> failure = reason == Supervision.Reason.OUTPUT_FAILURE
                        ? Optional.of(new OutputFailure(handlerFailure.getNow(null))) : Optional.empty();
                cleanupReport = supervision.stopped(new Supervision.Stop(reason, exit, failure), this::runCleanup);
                return true;
            } finally {
                abortDone.countDown();
            }
        }

        private void awaitAbort() {
            try {
                abortDone.await(cleanupTimeoutSeconds + 15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** A clean-up command: its output handled as the run's, under its own header; killed at the bound. */
        private Outcome runCleanup(ProcessCommand cleanup) throws IOException {
            output.header(cleanup.display());
            Process p = launcher.start(cleanup.argv(), workingDirectory, cleanup.environment());
            Thread out = output.drain(p.getInputStream(), false, "cleanup-stdout", NOTHING);
            Thread err = output.drain(p.getErrorStream(), true, "cleanup-stderr", NOTHING);
            try {
                if (!p.waitFor(cleanupTimeoutSeconds, TimeUnit.SECONDS)) {
                    ProcessTree.kill(p.toHandle());
                    return new Outcome.TimedOut(cleanupTimeoutSeconds);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome.Interrupted();
            }
            join(out);
            join(err);
            return new Outcome.Exited(p.exitValue());
        }

        private LogFile openLogFile() throws LogFileException {
            if (spec.logFile() == null) {
                return null;
            }
            Path file = spec.logFile().toAbsolutePath().normalize();
            boolean first;
            synchronized (startedLogFiles) {
                first = startedLogFiles.add(file);
            }
            try {
                // The goal's first command starts the file afresh; every later one is kept after it.
                return LogFile.open(file, !first);
            } catch (IOException e) {
                throw new LogFileException(spec.logFile(), e);
            }
        }
    }

    /** False when the JVM already shuts down: the run is then part of the shutdown, not interrupted by it. */
    private static boolean addHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running.
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(PUMP_DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
