package io.github.skyremote.core.sky;

import io.github.skyremote.core.JvmShutdown;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.process.Ansi;
import io.github.skyremote.core.process.LineSplitter;
import io.github.skyremote.core.process.ProcessLauncher;
import io.github.skyremote.core.process.SecretMasker;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one {@code sky} process the way docs/skypilot-facts.md#rules asks: stdin empty, Python unbuffered and UTF-8,
 * stdout and stderr pumped on their own threads into whole lines that reach the log as they arrive and the log file,
 * the job id and return codes parsed on the way, and a timeout or an interrupted build (Ctrl+C, Jenkins' SIGTERM)
 * ending in the {@code sky} client's own processes killed ({@link #killTree}) and a bounded clean-up command
 * ({@code sky cancel}, {@code sky down}).
 *
 * <p>One runner serves one goal execution: the first command it runs with a log file starts that file afresh, every
 * later command (and clean-up) is appended under a header line with its argv, so a failed launch's error is still in
 * the file after the teardown that follows it.
 */
public final class SkyRunner {
    private static final Pattern JOB_ID = Pattern.compile("Job submitted, ID: (\\d+)");
    private static final Pattern RETURN_CODES = Pattern.compile(
            "Job (\\d+) failed with return code list: \\[([^\\]]*)\\]");
    private static final int TAIL_LINES = 30;
    private static final long KILL_GRACE_MILLIS = 3_000;
    private static final long PUMP_DRAIN_MILLIS = 5_000;
    /** Exit codes after which nothing is left running remotely: done, job failed, not found, cancelled. */
    private static final java.util.Set<Integer> FINISHED_ON_ITS_OWN = java.util.Set.of(0, 100, 102, 103);

    private final ProcessLauncher launcher;
    private final Path workingDirectory;
    private final SkyLog log;
    private final long cleanupTimeoutSeconds;
    /** Log files this runner has started: later commands append to them. */
    private final Set<Path> startedLogFiles = new HashSet<>();
    private java.time.Duration idleNotice = IdleWatchdog.DEFAULT_INTERVAL;

    public SkyRunner(ProcessLauncher launcher, Path workingDirectory, SkyLog log) {
        this(launcher, workingDirectory, log, 30);
    }

    public SkyRunner(ProcessLauncher launcher, Path workingDirectory, SkyLog log, long cleanupTimeoutSeconds) {
        this.launcher = launcher;
        this.workingDirectory = workingDirectory;
        this.log = log;
        this.cleanupTimeoutSeconds = cleanupTimeoutSeconds;
    }

    /**
     * How to run and show one command.
     *
     * @param timeoutSeconds 0 for none
     * @param logFile copy of every line; null for none
     * @param stripAnsi strip colours from displayed lines (batch mode, no console); parsing always strips
     * @param linePrefix put before every displayed line (the module name in parallel builds); "" for none
     * @param masker hides secret values
     * @param cleanup what to run after a timeout or interrupt, given what was parsed so far
     */
    public record Settings(long timeoutSeconds, Path logFile, boolean stripAnsi, String linePrefix,
            SecretMasker masker, Function<Progress, Optional<SkyCommand>> cleanup, boolean captureOutput,
            LineInterceptor interceptor, PrintStream rawConsole) {
        public Settings(long timeoutSeconds, Path logFile, boolean stripAnsi, String linePrefix, SecretMasker masker,
                Function<Progress, Optional<SkyCommand>> cleanup, boolean captureOutput, LineInterceptor interceptor) {
            this(timeoutSeconds, logFile, stripAnsi, linePrefix, masker, cleanup, captureOutput, interceptor, null);
        }

        /** Shown and logged, not captured. */
        public Settings(long timeoutSeconds, Path logFile, boolean stripAnsi, String linePrefix, SecretMasker masker,
                Function<Progress, Optional<SkyCommand>> cleanup) {
            this(timeoutSeconds, logFile, stripAnsi, linePrefix, masker, cleanup, false, LineInterceptor.NONE);
        }

        public Settings(long timeoutSeconds, Path logFile, boolean stripAnsi, String linePrefix, SecretMasker masker,
                Function<Progress, Optional<SkyCommand>> cleanup, boolean captureOutput) {
            this(timeoutSeconds, logFile, stripAnsi, linePrefix, masker, cleanup, captureOutput,
                    LineInterceptor.NONE);
        }

        /** Lets the interceptor take stdout lines (e.g. a report sent back between markers) before display. */
        public Settings intercepting(LineInterceptor lineInterceptor) {
            return new Settings(timeoutSeconds, logFile, stripAnsi, linePrefix, masker, cleanup, captureOutput,
                    lineInterceptor, rawConsole);
        }

        public static Settings quiet() {
            return new Settings(0, null, true, "", SecretMasker.NONE, p -> Optional.empty());
        }

        public Settings withTimeout(long seconds) {
            return new Settings(seconds, logFile, stripAnsi, linePrefix, masker, cleanup, captureOutput, interceptor,
                    rawConsole);
        }

        public Settings withCleanup(Function<Progress, Optional<SkyCommand>> action) {
            return new Settings(timeoutSeconds, logFile, stripAnsi, linePrefix, masker, action, captureOutput,
                    interceptor, rawConsole);
        }

        public Settings withLogFile(Path file) {
            return new Settings(timeoutSeconds, file, stripAnsi, linePrefix, masker, cleanup, captureOutput,
                    interceptor, rawConsole);
        }

        /**
         * Keeps stdout (up to {@value #MAX_CAPTURED_LINES} lines) for parsing, e.g. {@code sky status -o json}, and
         * shows it at debug level only.
         */
        public Settings capturing() {
            return new Settings(timeoutSeconds, logFile, stripAnsi, linePrefix, masker, cleanup, true, interceptor,
                    rawConsole);
        }

        /**
         * Copies the job's stdout to this stream as {@code sky} prints it, in the chunks it arrives in, instead of
         * passing it line by line to the log (as exec-maven-plugin does): far cheaper for jobs that print a lot.
         * Lines are still parsed, kept for error messages and written to the log file. Not for output that must
         * be masked, prefixed or intercepted: those need whole lines before anything is shown.
         */
        public Settings withRawConsole(PrintStream console) {
            return new Settings(timeoutSeconds, logFile, stripAnsi, linePrefix, masker, cleanup, captureOutput,
                    interceptor, console);
        }
    }

    /** Silence of {@code sky} after which the build says what it waits for ({@link IdleWatchdog}); zero: never. */
    public SkyRunner withIdleNotice(java.time.Duration interval) {
        this.idleNotice = interval;
        return this;
    }

    /** Bound on captured output: status JSON is small; anything larger is not what we asked for. */
    public static final int MAX_CAPTURED_LINES = 20_000;

    /** Takes stdout lines out of the display, e.g. a report streamed back between markers. */
    @FunctionalInterface
    public interface LineInterceptor {
        LineInterceptor NONE = line -> null;

        /**
         * @param plainLine a whole line, ANSI stripped (secrets not yet masked: the interceptor must not log it)
         * @return null to keep the line as it is; else what is left of it to show and log, "" for nothing
         */
        String intercept(String plainLine);
    }

    /** What was parsed while the process ran. */
    public record Progress(OptionalLong jobId) {
    }

    public SkyRunResult run(SkyCommand command, Settings settings) throws SkyFailedException {
        return new Run(command, settings).execute();
    }

    /** Environment every sky child gets on top of the JVM's: unbuffered, UTF-8 Python output. */
    public static Map<String, String> childEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        return env;
    }

    /** State of one run; the pumps, the waiting thread and the shutdown hook share it. */
    private final class Run {
        private final SkyCommand command;
        private final Settings settings;
        private final TailRing tail = new TailRing(TAIL_LINES);
        private final List<Integer> returnCodes = new ArrayList<>();
        private final List<String> captured = new ArrayList<>();
        private final AtomicBoolean aborted = new AtomicBoolean();
        private final CountDownLatch abortDone = new CountDownLatch(1);
        /** Completed with the first exception a line handler threw. */
        private final CompletableFuture<Throwable> handlerFailure = new CompletableFuture<>();
        private volatile Long jobId;
        private volatile String cleanupReport = "";
        private OutputStream logOut;
        private Process process;
        private IdleWatchdog watchdog = IdleWatchdog.OFF;

        Run(SkyCommand command, Settings settings) {
            this.command = command;
            this.settings = settings;
        }

        SkyRunResult execute() throws SkyFailedException {
            openLogFile();
            Thread hook = new Thread(() -> abort("interrupted"), "remote-maven-plugin-interrupt");
            boolean timedOut = false;
            boolean interrupted = false;
            boolean lostTrack = false;
            try {
                log.debug("Running: " + command.display());
                writeHeader(command);
                try {
                    process = launcher.start(command.argv(), workingDirectory, childEnvironment());
                } catch (IOException e) {
                    throw new SkyFailedException(Message.of("Could not start " + command.argv().get(0) + ": "
                            + e.getMessage()), Message.of("Check that ", Setting.SKY.option(),
                                    " names an executable SkyPilot CLI (pip install skypilot)."), e);
                }
                Runtime.getRuntime().addShutdownHook(hook);
                watchdog = IdleWatchdog.start(idleNotice, command,
                        () -> jobId == null ? OptionalLong.empty() : OptionalLong.of(jobId),
                        line -> log.info(settings.linePrefix() + line));
                Thread out = pump(watchdog.watch(process.getInputStream()), false);
                Thread err = pump(watchdog.watch(process.getErrorStream()), true);
                // Wakes on the process's end, or on a line handler's failure while it still runs.
                CompletableFuture<Object> ended = CompletableFuture.anyOf(process.onExit(), handlerFailure);
                try {
                    if (settings.timeoutSeconds() > 0) {
                        ended.get(settings.timeoutSeconds(), TimeUnit.SECONDS);
                    } else {
                        ended.get();
                    }
                } catch (TimeoutException e) {
                    timedOut = true;
                    abort("timed out after " + settings.timeoutSeconds() + " s");
                } catch (ExecutionException e) {
                    throw new IllegalStateException("neither future completes exceptionally", e);
                } catch (InterruptedException e) {
                    abort("interrupted"); // with the flag clear, so the kill and the clean-up can wait
                    Thread.currentThread().interrupt();
                }
                if (!aborted.get() && handlerFailure.isDone() && process.isAlive()) {
                    // What sky prints can no longer be handled (log file, parser): stop it and clean up rather
                    // than follow a job blind.
                    log.error(settings.linePrefix() + capitalized(stoppedFollowing(handlerFailure.getNow(null))) + ".");
                    lostTrack = abort("failed to handle sky's output");
                }
                if (!aborted.get() && (JvmShutdown.inProgress() || abortedBySignal())) {
                    // Ctrl+C in a terminal reaches sky too, which may exit before our hook runs, or even before the
                    // JVM starts shutting down (then the hook is removed below and never runs): clean up anyway.
                    abort("interrupted");
                }
                if (aborted.get()) {
                    interrupted = !timedOut && !lostTrack;
                    awaitAbort();
                }
                join(out);
                join(err);
                if (lostTrack) {
                    throw lostTrackFailure(handlerFailure.getNow(null));
                }
                if (handlerFailure.isDone()) {
                    // sky had ended on its own (or was stopped for another reason): its result stands.
                    Throwable failure = handlerFailure.getNow(null);
                    log.warn(settings.linePrefix() + "sky " + command.subcommand() + " ended, but " + describe(failure)
                            + (failure instanceof LogFileWriteFailed ? ": the log file is incomplete."
                                    : ": some of its output may not have been handled."));
                }
                int exit = process.isAlive() ? -1 : process.exitValue();
                return new SkyRunResult(exit, jobId == null ? OptionalLong.empty() : OptionalLong.of(jobId),
                        List.copyOf(returnCodes), snapshotTail(), timedOut, interrupted, cleanupReport,
                        snapshotCaptured());
            } finally {
                watchdog.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException | IllegalArgumentException e) {
                    // The JVM is already shutting down (the hook is running), or the hook was never added.
                }
                closeLogFile();
            }
        }

        /**
         * sky ended with click's {@code Aborted!} and exit code 1: with stdin empty and {@code -y} on every prompting
         * command, only a SIGINT (Ctrl+C to the process group) gets it there. The job it was following keeps running
         * (reference: SkyPilot's CLI catches KeyboardInterrupt and detaches), so it must be cleaned up as on an
         * interrupt, whether or not the JVM got the signal yet.
         */
        private boolean abortedBySignal() {
            if (process.isAlive() || process.exitValue() != 1) {
                return false;
            }
            List<String> last = snapshotTail();
            return !last.isEmpty() && last.get(last.size() - 1).strip().equals("Aborted!");
        }

        /** The goal fails: the plugin stopped following sky because it could not handle its output. */
        private SkyFailedException lostTrackFailure(Throwable failure) {
            Message fix = failure instanceof LogFileWriteFailed
                    ? Message.of("Free space where the log file is (or set ", Setting.LOG_FILE.option(),
                            " to a writable path), then run the goal again.")
                    : Message.of("This is a bug in remote-maven-plugin: please report it with this message and the"
                            + " build log.");
            return new SkyFailedException(Message.of(capitalized(stoppedFollowing(failure)) + ": " + cleanupReport
                    + "."), fix, failure);
        }

        private String stoppedFollowing(Throwable failure) {
            return "stopped following sky " + command.subcommand() + ", as " + describe(failure);
        }

        /** Records the first failure of a line handler; the pump keeps draining whatever happens. */
        private void handlerFailed(Throwable failure) {
            handlerFailure.complete(failure);
        }

        /**
         * Kills sky's own processes and runs the clean-up, once, whoever gets here first (timeout, interrupt, hook,
         * a failed line handler).
         *
         * @return true when this call did it, false when another had already
         */
        private boolean abort(String why) {
            if (!aborted.compareAndSet(false, true)) {
                awaitAbort();
                return false;
            }
            try {
                if (process == null) {
                    return true;
                }
                boolean wasAlive = process.isAlive();
                killTree(process.toHandle());
                if (!wasAlive && FINISHED_ON_ITS_OWN.contains(process.exitValue())) {
                    return true; // the command had ended normally (the job is over): nothing to clean up
                }
                Optional<SkyCommand> cleanup = settings.cleanup().apply(new Progress(
                        jobId == null ? OptionalLong.empty() : OptionalLong.of(jobId)));
                if (cleanup.isEmpty()) {
                    // With an API server, killing the client does not withdraw its request
                    // (docs/skypilot-facts.md#ctrl-c-and-kill): never claim that nothing was done remotely.
                    cleanupReport = "killed sky " + command.subcommand() + " (" + why + ")"
                            + ("exec".equals(command.subcommand())
                                    ? " before it printed a job id; SkyPilot's API server may still submit the job"
                                            + " (check with sky queue <cluster>)"
                                    : "; SkyPilot's API server may still carry out its request");
                } else {
                    cleanupReport = runCleanup(cleanup.get(), why);
                }
                // Said here too: when the JVM is shutting down (Ctrl+C, SIGTERM) the build may end before the
                // exception that carries this text is printed.
                log.error(settings.linePrefix() + "Build " + why + ": " + cleanupReport + ".");
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

        private String runCleanup(SkyCommand cleanup, String why) {
            log.warn(settings.linePrefix() + "Build " + why + ": running " + cleanup.display());
            writeHeader(cleanup);
            try {
                Process p = launcher.start(cleanup.argv(), workingDirectory, childEnvironment());
                Thread out = pump(p.getInputStream(), false);
                Thread err = pump(p.getErrorStream(), true);
                if (!p.waitFor(cleanupTimeoutSeconds, TimeUnit.SECONDS)) {
                    killTree(p.toHandle());
                    return "ran `" + cleanup.display() + "` but it did not finish within " + cleanupTimeoutSeconds
                            + " s; check it by hand";
                }
                join(out);
                join(err);
                if (p.exitValue() != 0) {
                    return "ran `" + cleanup.display() + "`, which failed with exit code " + p.exitValue()
                            + "; run it by hand";
                }
                return switch (cleanup.subcommand()) {
                    case "cancel" -> "the remote job was cancelled (`" + cleanup.display() + "`)";
                    case "down" -> "the cluster was torn down (`" + cleanup.display() + "`)";
                    default -> "ran `" + cleanup.display() + "`";
                };
            } catch (IOException e) {
                return "could not run `" + cleanup.display() + "`: " + e.getMessage() + "; run it by hand";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "was interrupted while running `" + cleanup.display() + "`; run it by hand";
            }
        }

        private Thread pump(InputStream stream, boolean stderr) {
            PrintStream raw = stderr ? null : settings.rawConsole();
            // A handler that throws (log file on a full disk, a parser bug) must not end the pump: sky would then
            // die of SIGPIPE, or block on a full pipe, and nobody would cancel its job. No allocation per line.
            TextLines text = new TextLines(stderr);
            LineSplitter splitter = raw != null ? LineSplitter.ofBytes((line, length) -> {
                try {
                    onRawLine(line, length);
                } catch (RuntimeException | Error e) {
                    handlerFailed(e);
                }
            }) : LineSplitter.ofPieces((piece, continues) -> {
                try {
                    text.piece(piece, continues);
                } catch (RuntimeException | Error e) {
                    handlerFailed(e);
                }
            });
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = stream) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        if (raw != null) {
                            synchronized (raw) {
                                raw.write(buffer, 0, n);
                                raw.flush();
                            }
                        }
                        splitter.feed(buffer, 0, n);
                    }
                } catch (IOException e) {
                    // The stream closes when the process is killed; what was read has been shown.
                } finally {
                    splitter.finish();
                }
            }, "sky-" + (stderr ? "stderr" : "stdout"));
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        /**
         * A stdout line that is already on the raw console. Most lines are plain output: they go to the tail and the
         * log file as bytes, with nothing allocated. Lines with colour codes (to strip) or that may carry the job id
         * or return codes are decoded and take the text path.
         */
        private void onRawLine(byte[] line, int length) {
            if (needsText(line, length)) {
                onLine(new String(line, 0, length, StandardCharsets.UTF_8), false, false);
                return;
            }
            synchronized (this) {
                tail.add(line, length);
                writeLog(line, length);
            }
        }

        /**
         * One stream's text lines. A line longer than the splitter's cap comes in pieces; the end of each piece that
         * could hold the start of a secret is carried over to the next, so a secret cut in two is still masked.
         */
        private final class TextLines {
            private final boolean stderr;
            /** ANSI-stripped, unmasked text of the current long line not shown yet. */
            private String carry = "";
            private boolean midLine;

            TextLines(boolean stderr) {
                this.stderr = stderr;
            }

            void piece(String raw, boolean continues) {
                if (!midLine && !continues) {
                    onLine(raw, stderr, true); // a whole line: the common case
                    return;
                }
                String text = carry + Ansi.strip(raw);
                midLine = continues;
                int cut = continues ? settings.masker().safeCut(text) : text.length();
                carry = text.substring(cut);
                if (cut > 0) {
                    // Pieces of long lines are never frames to intercept, and are shown without colours.
                    deliver(text.substring(0, cut), null, stderr, true);
                }
            }
        }

        /** @param show false when the line already went to the raw console */
        private void onLine(String raw, boolean stderr, boolean show) {
            String stripped = Ansi.strip(raw);
            if (!stderr) {
                String kept = settings.interceptor().intercept(stripped);
                if (kept != null) {
                    if (kept.isEmpty()) {
                        return;
                    }
                    raw = kept;
                    stripped = kept;
                }
            }
            deliver(stripped, settings.stripAnsi() || stripped == raw ? null : raw, stderr, show);
        }

        /**
         * Parses the text as it is, then masks it for everything shown or stored: a secret such as {@code true} or
         * {@code 12345} must not corrupt the job id, the return codes or captured JSON.
         *
         * @param stripped the text, ANSI stripped, not masked
         * @param coloured the text with its colours to show instead, or null
         */
        private void deliver(String stripped, String coloured, boolean stderr, boolean show) {
            parse(stripped);
            SecretMasker masker = settings.masker();
            String plain = masker.mask(stripped);
            // Colours are kept only when no secret is in the line or hides in an escape sequence: one broken up by
            // colour codes would reach the console whole. Such a line is shown stripped and masked.
            String body = coloured != null && plain == stripped && masker.mask(coloured) == coloured ? coloured : plain;
            String shown = settings.linePrefix().isEmpty() ? body : settings.linePrefix() + body;
            synchronized (this) {
                if (settings.captureOutput() && !stderr) {
                    if (captured.size() < MAX_CAPTURED_LINES) {
                        captured.add(stripped); // to parse, never to show
                    }
                    log.debug(shown);
                } else if (!show) {
                    // already on the console
                } else if (stderr) {
                    log.warn(shown);
                } else {
                    log.info(shown);
                }
                byte[] bytes = plain.getBytes(StandardCharsets.UTF_8);
                tail.add(bytes, bytes.length);
                writeLog(bytes, bytes.length);
            }
        }

        private void parse(String line) {
            if (jobId == null) {
                Matcher m = JOB_ID.matcher(line);
                if (m.find()) {
                    jobId = parseId(m.group(1));
                    return;
                }
            }
            if (line.contains("failed with return code list")) {
                Matcher m = RETURN_CODES.matcher(line);
                if (m.find() && (jobId == null || jobId.equals(parseId(m.group(1))))) {
                    synchronized (this) {
                        returnCodes.clear();
                        for (String code : m.group(2).split(",")) {
                            if (!code.isBlank()) {
                                try {
                                    returnCodes.add(Integer.parseInt(code.trim()));
                                } catch (NumberFormatException e) {
                                    // Not a code list after all; ignore.
                                }
                            }
                        }
                    }
                }
            }
        }

        private synchronized List<String> snapshotCaptured() {
            return List.copyOf(captured);
        }

        private synchronized List<String> snapshotTail() {
            return tail.lines();
        }

        private void openLogFile() throws SkyFailedException {
            if (settings.logFile() == null) {
                return;
            }
            try {
                Path file = settings.logFile().toAbsolutePath().normalize();
                Files.createDirectories(file.getParent());
                boolean first;
                synchronized (startedLogFiles) {
                    first = startedLogFiles.add(file);
                }
                // The goal's first command starts the file afresh; every later one is kept after it.
                logOut = new BufferedOutputStream(first ? Files.newOutputStream(file)
                        : Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), 65536);
            } catch (IOException e) {
                throw new SkyFailedException(Message.of("Cannot write the log file " + settings.logFile() + ": "
                        + e.getMessage()), Message.of("Set ", Setting.LOG_FILE.option(), " to a writable path."), e);
            }
        }

        /** {@code === <argv> (<UTC time>)} before a command's lines; the argv holds secret names, never values. */
        private void writeHeader(SkyCommand header) {
            if (logOut == null) {
                return;
            }
            String line = "=== " + settings.masker().mask(header.display()) + " ("
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")";
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            try {
                synchronized (this) {
                    writeLog(bytes, bytes.length);
                }
            } catch (RuntimeException e) {
                handlerFailed(e);
            }
        }

        private void writeLog(byte[] line, int length) {
            if (logOut == null) {
                return;
            }
            try {
                logOut.write(line, 0, length);
                logOut.write('\n');
            } catch (IOException e) {
                throw new LogFileWriteFailed(settings.logFile(), e);
            }
        }

        private synchronized void closeLogFile() {
            if (logOut != null) {
                try {
                    logOut.close();
                } catch (IOException e) {
                    log.warn("Could not finish the log file " + settings.logFile() + ": " + e.getMessage());
                }
                logOut = null;
            }
        }
    }

    /**
     * Kills the {@code sky} client's own processes: the root and those of its descendants that stayed in its process
     * group and session. A descendant that started its own session or process group, and everything below it, is
     * left alone: that is SkyPilot's local API server, which the first {@code sky} call on a machine starts as its
     * child with {@code start_new_session=True}, and which serves every other build of the user
     * (docs/skypilot-facts.md#api-server). The processes are listed first (children are re-parented once their
     * parent dies), asked to stop, then killed when they do not within a grace period.
     *
     * <p>Group and session come from {@code /proc/<pid>/stat} (Java's ProcessHandle has neither). Where {@code /proc}
     * is missing (macOS, BSD) only the {@code sky} process itself is killed: its own children cannot be told apart
     * from the API server there, and a child left to end with its pipes costs less than every build's requests.
     */
    public static void killTree(ProcessHandle root) {
        List<ProcessHandle> all = ownProcesses(root);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.currentTimeMillis() + KILL_GRACE_MILLIS;
        for (ProcessHandle handle : all) {
            long left = deadline - System.currentTimeMillis();
            if (left > 0) {
                try {
                    handle.onExit().get(left, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    // Still alive or not waitable: forced below.
                }
            }
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The root first, then its descendants in its own process group and session (see {@link #killTree}). */
    static List<ProcessHandle> ownProcesses(ProcessHandle root) {
        List<ProcessHandle> own = new ArrayList<>();
        own.add(root);
        Optional<long[]> rootIds = ProcStat.groupAndSession(root.pid());
        if (rootIds.isEmpty()) {
            return own; // no /proc, or the root is gone (its children were re-parented: none is listed)
        }
        Deque<ProcessHandle> todo = new ArrayDeque<>(root.children().toList());
        while (!todo.isEmpty()) {
            ProcessHandle next = todo.poll();
            Optional<long[]> ids = ProcStat.groupAndSession(next.pid());
            if (ids.isPresent() && ids.get()[0] == rootIds.get()[0] && ids.get()[1] == rootIds.get()[1]) {
                own.add(next);
                todo.addAll(next.children().toList());
            }
            // Otherwise it has its own group or session (the API server), or it is gone: skip it and its subtree.
        }
        return own;
    }

    /** Reads a process's group and session ids from Linux's {@code /proc/<pid>/stat}. */
    static final class ProcStat {
        private ProcStat() {
        }

        /** {pgrp, session}, or empty when there is no /proc or the process is gone. */
        static Optional<long[]> groupAndSession(long pid) {
            String text;
            try {
                text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
            return parse(text);
        }

        /** Fields after the command name, which is in parentheses and may itself hold spaces and ')'. */
        static Optional<long[]> parse(String stat) {
            int close = stat.lastIndexOf(')');
            if (close < 0) {
                return Optional.empty();
            }
            String[] fields = stat.substring(close + 1).trim().split("\\s+");
            // state ppid pgrp session ...
            if (fields.length < 4) {
                return Optional.empty();
            }
            try {
                return Optional.of(new long[] {Long.parseLong(fields[2]), Long.parseLong(fields[3])});
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /** A job id as sky prints it; null when it does not fit a long (SkyPilot's ids do; a corrupt line may not). */
    static Long parseId(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** What a line handler's exception means, for messages. */
    static String describe(Throwable failure) {
        if (failure instanceof LogFileWriteFailed) {
            return failure.getMessage();
        }
        return "a handler of its output failed (" + failure + ")";
    }

    /** Writing the log file failed (a full disk, a removed directory). */
    static final class LogFileWriteFailed extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        LogFileWriteFailed(Path file, IOException cause) {
            super("the log file " + file + " could not be written (" + cause.getMessage() + ")", cause);
        }
    }

    /**
     * An escape sequence to strip (ESC, or a C1 control U+0080–U+009F: bytes C2 80–9F), "Job" (the job id and
     * return-code lines) or "@@" (a frame of the job's epilogue): such lines are parsed as text.
     */
    public static boolean needsText(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b == 0x1B || (b == (byte) 0xC2 && i + 1 < length && (line[i + 1] & 0xE0) == 0x80)
                    || (b == 'J' && i + 2 < length && line[i + 1] == 'o' && line[i + 2] == 'b')
                    || (b == '@' && i + 1 < length && line[i + 1] == '@')) {
                return true;
            }
        }
        return false;
    }

    /** The last lines, as bytes in reused slots: keeping them allocates nothing per line. */
    static final class TailRing {
        private final byte[][] slots;
        private final int[] lengths;
        private int next;
        private int size;

        TailRing(int capacity) {
            slots = new byte[capacity][];
            lengths = new int[capacity];
        }

        void add(byte[] line, int length) {
            byte[] slot = slots[next];
            if (slot == null || slot.length < length) {
                slot = new byte[Math.max(length, 128)];
                slots[next] = slot;
            }
            System.arraycopy(line, 0, slot, 0, length);
            lengths[next] = length;
            next = (next + 1) % slots.length;
            size = Math.min(size + 1, slots.length);
        }

        List<String> lines() {
            List<String> lines = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                int i = (next - size + k + slots.length) % slots.length;
                lines.add(new String(slots[i], 0, lengths[i], StandardCharsets.UTF_8));
            }
            return List.copyOf(lines);
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
