package io.github.skyremote.core.sky;

import io.github.skyremote.core.process.Outcome;
import java.util.List;
import java.util.OptionalLong;

/** Results of {@code sky} runs for tests, written as the exit code and how the run ended. */
public final class SkyRunResults {
    private SkyRunResults() {
    }

    /** @param exit the exit code when the run neither timed out nor was interrupted */
    public static SkyRunResult result(int exit, OptionalLong jobId, List<Integer> returnCodes, List<String> tail,
            boolean timedOut, boolean interrupted, String cleanup) {
        Outcome outcome = timedOut ? new Outcome.TimedOut(1) : interrupted ? new Outcome.Interrupted()
                : new Outcome.Exited(exit);
        return new SkyRunResult(outcome, jobId, returnCodes, tail, cleanup);
    }
}
