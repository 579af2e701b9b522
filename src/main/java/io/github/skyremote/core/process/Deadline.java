package io.github.skyremote.core.process;

import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A goal's time budget ({@code remote.timeout}), counted from the moment the goal starts: every {@code sky} command of
 * the goal gets what is left of it, so a CI job knows the longest the goal can take. The clean-up after a timeout
 * ({@code sky cancel}, {@code sky down} and its check) is bounded separately, so that it still runs once the budget is
 * spent.
 */
public final class Deadline {
    private final long budgetSeconds;
    private final long startNanos;
    private final LongSupplier nanoClock;

    public Deadline(long budgetSeconds, LongSupplier nanoClock) {
        if (budgetSeconds < 0) {
            throw new IllegalArgumentException("budget " + budgetSeconds + " s");
        }
        this.budgetSeconds = budgetSeconds;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** @param budgetSeconds 0 for no limit */
    public static Deadline startingNow(long budgetSeconds) {
        return new Deadline(budgetSeconds, System::nanoTime);
    }

    public static Deadline none() {
        return startingNow(0);
    }

    /** The whole budget in seconds; 0 when there is none. */
    public long budgetSeconds() {
        return budgetSeconds;
    }

    /**
     * The timeout for the next command: 0 (none) without a budget, else what is left, rounded up and at least 1 s,
     * because 0 would mean "no limit" to the runner once the budget is spent.
     */
    public long secondsForNextCommand() {
        if (budgetSeconds == 0) {
            return 0;
        }
        long leftNanos = TimeUnit.SECONDS.toNanos(budgetSeconds) - (nanoClock.getAsLong() - startNanos);
        long leftSeconds = (leftNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
        return Math.max(1, leftSeconds);
    }

    /** For messages: the timeout setting and the budget, "remote.timeout (600 s for the whole goal)" in Maven. */
    public Message describe() {
        return Message.of(Setting.TIMEOUT.named(), budgetSeconds == 0 ? ""
                : " (" + budgetSeconds + " s for the whole goal)");
    }
}
