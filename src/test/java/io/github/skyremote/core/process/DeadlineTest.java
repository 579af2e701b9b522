package io.github.skyremote.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The goal's budget, on a test clock. */
class DeadlineTest {
    private final AtomicLong clock = new AtomicLong(TimeUnit.DAYS.toNanos(3));

    private void advanceMillis(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void noBudgetMeansNoTimeoutForAnyCommand() {
        Deadline none = new Deadline(0, clock::get);
        advanceMillis(10_000_000);
        assertEquals(0, none.secondsForNextCommand());
    }

    @Test
    void eachCommandGetsWhatIsLeftRoundedUp() {
        Deadline deadline = new Deadline(100, clock::get);
        assertEquals(100, deadline.secondsForNextCommand());
        advanceMillis(10_500);
        assertEquals(90, deadline.secondsForNextCommand());
        advanceMillis(89_000);
        assertEquals(1, deadline.secondsForNextCommand());
    }

    @Test
    void aSpentBudgetStillGivesOneSecondNeverNoLimit() {
        Deadline deadline = new Deadline(100, clock::get);
        advanceMillis(100_000);
        assertEquals(1, deadline.secondsForNextCommand());
        advanceMillis(1_000_000);
        assertEquals(1, deadline.secondsForNextCommand());
    }

    @Test
    void describesItselfForMessages() {
        assertEquals("timeout (600 s for the whole goal)", new Deadline(600, clock::get).describe().toString());
    }
}
