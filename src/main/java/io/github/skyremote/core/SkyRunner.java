package io.github.skyremote.core;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one {@code sky} process the way reference/skypilot-cli.md asks: stdin empty, Python unbuffered and UTF-8,
 * stdout and stderr pumped on their own threads into whole lines that reach the log as they arrive and the log file,
 * the job id and return codes parsed on the way, and a timeout or an interrupted build (Ctrl+C, Jenkins' SIGTERM)
 * ending in the whole process tree killed and a bounded clean-up command ({@code sky cancel}, {@code sky down}).
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
        LineInterceptor NONE = line -> false;

        /**
         * @param plainLine the line, ANSI stripped (secrets not yet masked: the interceptor must not log it)
         * @return true when the line was consumed and must not be shown or logged
         */
        boolean intercept(String plainLine);
    }

    /** What was parsed while the process ran. */
    public record Progress(OptionalLong jobId) {
    }

    public SkyRunResult run(SkyCommand command, Settings settings) throws SkyFailedException {
        return new Run(command, settings).execute();
    }

    /** Environment every sky child gets on top of the JVM's: unbuffered, UTF-8 Python output. */
    static Map<String, String> childEnvironment() {
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
            try {
                log.debug("Running: " + command.display());
                try {
                    process = launcher.start(command.argv(), workingDirectory, childEnvironment());
                } catch (IOException e) {
                    throw new SkyFailedException("Could not start " + command.argv().get(0) + ": " + e.getMessage(),
                            "Check that -Dremote.sky names an executable SkyPilot CLI (pip install skypilot).", e);
                }
                Runtime.getRuntime().addShutdownHook(hook);
                watchdog = IdleWatchdog.start(idleNotice, command,
                        () -> jobId == null ? OptionalLong.empty() : OptionalLong.of(jobId),
                        line -> log.info(settings.linePrefix() + line));
                Thread out = pump(watchdog.watch(process.getInputStream()), false);
                Thread err = pump(watchdog.watch(process.getErrorStream()), true);
                try {
                    if (settings.timeoutSeconds() > 0) {
                        timedOut = !process.waitFor(settings.timeoutSeconds(), TimeUnit.SECONDS);
                        if (timedOut) {
                            abort("timed out after " + settings.timeoutSeconds() + " s");
                        }
                    } else {
                        process.waitFor();
                    }
                } catch (InterruptedException e) {
                    abort("interrupted"); // with the flag clear, so the kill and the clean-up can wait
                    Thread.currentThread().interrupt();
                }
                if (!aborted.get() && jvmShuttingDown()) {
                    // Ctrl+C in a terminal reaches sky too, which may exit before our hook runs: clean up anyway.
                    abort("interrupted");
                }
                if (aborted.get()) {
                    interrupted = !timedOut;
                    awaitAbort();
                }
                join(out);
                join(err);
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

        /** Kills the tree and runs the clean-up, once, whoever gets here first (timeout, interrupt, hook). */
        private void abort(String why) {
            if (!aborted.compareAndSet(false, true)) {
                awaitAbort();
                return;
            }
            try {
                if (process == null) {
                    return;
                }
                boolean wasAlive = process.isAlive();
                killTree(process.toHandle());
                if (!wasAlive && FINISHED_ON_ITS_OWN.contains(process.exitValue())) {
                    return; // the command had ended normally (the job is over): nothing to clean up
                }
                Optional<SkyCommand> cleanup = settings.cleanup().apply(new Progress(
                        jobId == null ? OptionalLong.empty() : OptionalLong.of(jobId)));
                if (cleanup.isEmpty()) {
                    cleanupReport = "killed sky " + command.subcommand() + " (" + why + "); nothing had been submitted"
                            + " remotely yet";
                    return;
                }
                cleanupReport = runCleanup(cleanup.get(), why);
                // Said here too: when the JVM is shutting down (Ctrl+C, SIGTERM) the build may end before the
                // exception that carries this text is printed.
                log.error(settings.linePrefix() + "Build " + why + ": " + cleanupReport + ".");
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
            LineSplitter splitter = raw != null ? LineSplitter.ofBytes(this::onRawLine)
                    : new LineSplitter(line -> onLine(line, stderr, true));
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

        /** @param show false when the line already went to the raw console */
        private void onLine(String raw, boolean stderr, boolean show) {
            String stripped = Ansi.strip(raw);
            if (!stderr && settings.interceptor().intercept(stripped)) {
                return;
            }
            String plain = settings.masker().mask(stripped);
            parse(plain);
            // Once per line of output: no copies when there is no colour to keep and no prefix to add.
            String body = settings.stripAnsi() || stripped == raw ? plain : settings.masker().mask(raw);
            String shown = settings.linePrefix().isEmpty() ? body : settings.linePrefix() + body;
            synchronized (this) {
                if (settings.captureOutput() && !stderr) {
                    if (captured.size() < MAX_CAPTURED_LINES) {
                        captured.add(plain);
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
                    jobId = Long.parseLong(m.group(1));
                    return;
                }
            }
            if (line.contains("failed with return code list")) {
                Matcher m = RETURN_CODES.matcher(line);
                if (m.find() && (jobId == null || jobId == Long.parseLong(m.group(1)))) {
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
                Files.createDirectories(settings.logFile().toAbsolutePath().getParent());
                logOut = new BufferedOutputStream(Files.newOutputStream(settings.logFile()), 65536);
            } catch (IOException e) {
                throw new SkyFailedException("Cannot write the log file " + settings.logFile() + ": " + e.getMessage(),
                        "Set -Dremote.logFile to a writable path.", e);
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
                throw new UncheckedIOException(e);
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
     * Kills a process and everything it started: descendants are listed first (they are re-parented once their
     * parent dies), asked to stop, then killed when they do not within a grace period.
     */
    static void killTree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(0, root);
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

    /** An escape sequence to strip, or "Job" (the job id and return-code lines): such lines are parsed as text. */
    static boolean needsText(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b == 0x1B || (b == 'J' && i + 2 < length && line[i + 1] == 'o' && line[i + 2] == 'b')) {
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

    /** True once the JVM runs its shutdown hooks (Ctrl+C, SIGTERM): hooks can then no longer be added. */
    private static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
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
