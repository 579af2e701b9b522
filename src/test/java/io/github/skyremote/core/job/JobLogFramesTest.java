package io.github.skyremote.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The frames of a job's epilogue, read again from its log by a build that does not know the job's token. */
class JobLogFramesTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @Test
    void framesOfAnyTokenAreTakenOutAndTheFirstNonZeroStatusWins() {
        JobLogFrames frames = new JobLogFrames();
        assertNull(frames.intercept("(sky-cmd, pid=3) training"));
        assertEquals(OptionalInt.empty(), frames.exitStatus());
        assertEquals("", frames.intercept("(sky-cmd, pid=3) @@remote-maven-plugin:" + TOKEN + ":exit:0@@"));
        assertEquals("(sky-cmd, pid=4) no newline", frames.intercept("(sky-cmd, pid=4) no newline@@remote-maven-plugin:"
                + "ffffffffffffffffffffffffffffffff:exit:3@@"));
        assertEquals(OptionalInt.of(3), frames.exitStatus());
    }

    @Test
    void aReportIsNotShownAndNeverTaken() {
        JobLogFrames frames = new JobLogFrames();
        frames.intercept("(sky-cmd, pid=3) @@remote-maven-plugin:" + TOKEN + ":exit:1@@");
        assertEquals("", frames.intercept("(sky-cmd, pid=3) @@remote-maven-plugin:" + TOKEN + ":report:begin@@"));
        assertEquals("", frames.intercept("(sky-cmd, pid=3) PD94bWwgdmVyc2lvbj0iMS4wIj8+"));
        assertEquals("", frames.intercept("(sky-cmd, pid=3) @@remote-maven-plugin:" + TOKEN + ":report:end@@"));
        assertNull(frames.intercept("✓ Job finished (status: FAILED)."));
        assertEquals(OptionalInt.of(1), frames.exitStatus());
    }

    @Test
    void onlyTheEpiloguesShapeCounts() {
        JobLogFrames frames = new JobLogFrames();
        assertNull(frames.intercept("(sky-cmd, pid=3) @@remote-maven-plugin:short:exit:3@@"));
        assertNull(frames.intercept("(sky-cmd, pid=3) @@remote-maven-plugin:" + TOKEN + ":exit:3@@ trailing"));
        assertEquals(OptionalInt.empty(), frames.exitStatus());
    }
}
