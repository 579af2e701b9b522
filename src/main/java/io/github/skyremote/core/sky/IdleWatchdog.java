package io.github.skyremote.core.sky;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Says what the build is waiting for when {@code sky} has printed nothing for a while: a launch takes minutes and a
 * queued job may wait for resources, and a silent build log looks hung. After each full interval without output it
 * reports one plain line (no spinner, no colour) with what is awaited and the time since the command started; a
 * command that keeps printing, or ends within the interval, adds nothing.
 *
 * <p>The runner calls {@link #output()} after each read that got bytes; a daemon thread checks once a second. Tests drive
 * {@link #check()} with their own clock instead.
 */
public final class IdleWatchdog implements AutoCloseable {
    /** How long {@code sky} may be silent before the build says what it waits for. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    /** A watchdog that never reports, for commands that are not watched. */
    public static final IdleWatchdog OFF = new IdleWatchdog(Duration.ZERO, System::nanoTime, () -> "", line -> { });

    private static final long MAX_TICK_MILLIS = 1_000;

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Supplier<String> awaited;
    private final Consumer<String> report;
    private final long startedAt;
    private volatile long lastOutput;
    private long lastReport;
    private volatile Thread ticker;

    /**
     * @param interval silence before each report; zero or negative turns reports off
     * @param nanoTime the clock ({@link System#nanoTime()} outside tests)
     * @param awaited what is being waited for, asked at report time (the job id may be known by then)
     * @param report where the line goes
     */
    IdleWatchdog(Duration interval, LongSupplier nanoTime, Supplier<String> awaited, Consumer<String> report) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.awaited = awaited;
        this.report = report;
        this.startedAt = nanoTime.getAsLong();
        this.lastOutput = startedAt;
        this.lastReport = startedAt;
    }

    /** Starts watching one command; {@link #close()} stops it. */
    public static IdleWatchdog start(Duration interval, SkyCommand command, Supplier<OptionalLong> jobId,
            Consumer<String> report) {
        if (interval.isZero() || interval.isNegative()) {
            return OFF;
        }
        IdleWatchdog watchdog = new IdleWatchdog(interval, System::nanoTime,
                () -> describe(command, jobId.get()), report);
        long tick = Math.max(10, Math.min(MAX_TICK_MILLIS, interval.toMillis() / 2));
        Thread thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(tick);
                    watchdog.check();
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "sky-idle-watchdog");
        thread.setDaemon(true);
        watchdog.ticker = thread;
        thread.start();
        return watchdog;
    }

    /** {@code sky} printed something. */
    void output() {
        lastOutput = nanoTime.getAsLong();
    }

    /** Reports when a full interval passed without output since the last output or report. */
    synchronized void check() {
        if (intervalNanos <= 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        long quietSince = Math.max(lastOutput, lastReport);
        if (now - quietSince < intervalNanos) {
            return;
        }
        lastReport = now;
        report.accept("Still waiting for " + awaited.get() + ": nothing printed for "
                + duration(now - lastOutput) + ", " + duration(now - startedAt) + " since it started.");
    }

    @Override
    public void close() {
        Thread thread = ticker;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** What a command waits for, in the user's terms. */
    static String describe(SkyCommand command, OptionalLong jobId) {
        String cluster = cluster(command);
        String on = cluster.isEmpty() ? "" : " " + cluster;
        return switch (command.subcommand()) {
            case "launch" -> "sky launch of" + on + " (provisioning a cluster takes minutes)";
            case "start" -> "sky start of" + on + " (restarting a stopped cluster takes minutes)";
            case "down" -> "sky down of" + on + " (the cloud is releasing the resources)";
            case "exec" -> jobId.isPresent()
                    ? "job " + jobId.getAsLong() + " on" + on + " (queued for resources, or running without printing)"
                    : "sky exec on" + on + " (syncing the workdir and submitting the job)";
            default -> "sky " + command.subcommand() + on;
        };
    }

    /** The cluster a command is about, as {@code SkyCommandBuilder} places it; "" when it has none. */
    private static String cluster(SkyCommand command) {
        List<String> argv = command.argv();
        if (command.subcommand().equals("launch")) {
            int i = argv.indexOf("--cluster");
            return i > 0 && i + 1 < argv.size() ? argv.get(i + 1) : "";
        }
        if (command.subcommand().equals("exec")) {
            return argv.size() > 2 ? argv.get(2) : "";
        }
        String last = argv.size() > 2 ? argv.get(argv.size() - 1) : "";
        return last.startsWith("-") ? "" : last;
    }

    /** {@code 45 s}, {@code 2 min 05 s}, {@code 1 h 02 min}. */
    static String duration(long nanos) {
        long seconds = Duration.ofNanos(nanos).toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format("%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format("%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
    }
}
