package io.github.skyremote.core.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The parser alone, fed lines as the pumps feed it (ANSI stripped, not masked). */
class SkyOutputParserTest {
    private final SkyOutputParser parser = new SkyOutputParser();

    private void out(String... lines) {
        for (String line : lines) {
            parser.line(line, false);
        }
    }

    private static boolean concerns(String line, boolean stderr) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return new SkyOutputParser().concerns(bytes, bytes.length, stderr);
    }

    @Test
    void theJobIdIsTheFirstOnePrinted() {
        out("Syncing workdir", "⚙︎ Job submitted, ID: 7", "├── Job ID: 8", "Job submitted, ID: 9");
        assertEquals(OptionalLong.of(7), parser.jobId());
    }

    @Test
    void noJobIdWhenNoneWasPrintedOrItDoesNotFitALong() {
        assertEquals(OptionalLong.empty(), parser.jobId());
        out("Job submitted, ID: 12345678901234567890");
        assertEquals(OptionalLong.empty(), parser.jobId());
    }

    @Test
    void returnCodesOfThisJobOnlyTheLastListWins() {
        out("Job submitted, ID: 7",
                "ERROR: Job 8 failed with return code list: [9]",
                "ERROR: Job 7 failed with return code list: [1, 137] (driver died)");
        assertEquals(List.of(1, 137), parser.returnCodes());
        out("ERROR: Job 7 failed with return code list: [3]");
        assertEquals(List.of(3), parser.returnCodes());
        out("ERROR: Job 7 failed with return code list: [x, 2]");
        assertEquals(List.of(2), parser.returnCodes(), "what is not a number is skipped");
    }

    @Test
    void returnCodesWithoutAJobIdAreTaken() {
        out("ERROR: Job 12 failed with return code list: [1]");
        assertEquals(List.of(1), parser.returnCodes());
    }

    @Test
    void theRequestIdFromAnAsyncSubmitOrTheCancelHint() {
        assertEquals(Optional.empty(), parser.requestId());
        out("Submitted sky.launch request: 3f2a9c1e-1234-4cde-8f00-0123456789ab",
                "To cancel the request, run: sky api cancel 3f2a9c1e");
        assertEquals(Optional.of("3f2a9c1e-1234-4cde-8f00-0123456789ab"), parser.requestId());

        SkyOutputParser interrupted = new SkyOutputParser();
        interrupted.line("⚙︎ Request will continue running asynchronously.", false);
        interrupted.line("└── To cancel the request, run: sky api cancel 5d6e7f80", true);
        assertEquals(Optional.of("5d6e7f80"), interrupted.requestId());
    }

    @Test
    void abortedIsSkysLastErrorLineWithExitCode1() {
        parser.line("Job submitted, ID: 7", false);
        parser.line("Aborted!", true);
        assertTrue(parser.abortedBySignal(1));
        assertFalse(parser.abortedBySignal(100), "only click's exit code 1");
        parser.line("ClusterNotUpError: not UP", true);
        assertFalse(parser.abortedBySignal(1), "an ordinary failure");
    }

    @Test
    void abortedIsNotTakenFromStdout() {
        parser.line("Aborted!", false);
        assertFalse(parser.abortedBySignal(1), "a job may print it");
    }

    @Test
    void plainLinesDoNotConcernIt() {
        assertFalse(concerns("(sky-cmd, pid=1) step 10 loss 0.25", false));
        assertFalse(concerns("Jo", false));
        assertFalse(concerns("user@host requests", false));
        assertTrue(concerns("⚙︎ Job submitted, ID: 7", false));
        assertTrue(concerns("ERROR: Job 7 failed with return code list: [1]", false));
        assertTrue(concerns("Submitted sky.exec request: abc", false));
        assertTrue(concerns("run: sky api cancel abc", false));
        assertTrue(concerns("anything", true), "every stderr line: the last may be Aborted!");
    }

    @Test
    void everyLineItParsesConcernsIt() {
        List<String> parsed = List.of("Job submitted, ID: 7", "ERROR: Job 7 failed with return code list: [3]",
                "Submitted sky.exec request: 0123abcd-ef", "sky api cancel 0123abcd");
        for (String line : parsed) {
            assertTrue(concerns(line, false), line);
        }
    }
}
