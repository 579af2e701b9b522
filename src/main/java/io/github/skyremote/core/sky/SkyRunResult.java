package io.github.skyremote.core.sky;

import io.github.skyremote.core.process.Outcome;
import java.util.List;
import java.util.OptionalLong;

/**
 * What one {@code sky} process did.
 *
 * @param outcome how it ended: only {@link Outcome.Exited} has an exit code
 * @param jobId the id from {@code Job submitted, ID: N}, when one was printed
 * @param returnCodes the remote process's codes from {@code failed with return code list: [..]}
 * @param tail the last lines of both streams, ANSI stripped and masked, for error messages
 * @param cleanup what was done to clean up after a timeout or interrupt, for the message; empty if nothing
 * @param output stdout, ANSI stripped, when the run's output was {@link io.github.skyremote.core.process.OutputMode
 *        .Captured captured}: NOT masked, so that a secret equal to {@code true} cannot corrupt the JSON in it;
 *        parse it, never show it
 */
public record SkyRunResult(Outcome outcome, OptionalLong jobId, List<Integer> returnCodes, List<String> tail,
        String cleanup, List<String> output) {

    /** A result without captured output. */
    public SkyRunResult(Outcome outcome, OptionalLong jobId, List<Integer> returnCodes, List<String> tail,
            String cleanup) {
        this(outcome, jobId, returnCodes, tail, cleanup, List.of());
    }

    /** The last line that looks like an error, or the last line. */
    public String lastErrorLine() {
        for (int i = tail.size() - 1; i >= 0; i--) {
            String line = tail.get(i);
            if (line.contains("Error") || line.contains("error") || line.contains("Exception")) {
                return line.trim();
            }
        }
        return tail.isEmpty() ? "" : tail.get(tail.size() - 1).trim();
    }

    public boolean tailContains(String text) {
        return tail.stream().anyMatch(line -> line.contains(text));
    }
}
