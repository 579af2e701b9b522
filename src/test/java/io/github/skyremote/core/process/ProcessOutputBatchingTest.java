package io.github.skyremote.core.process;

import static io.github.skyremote.core.process.Scripts.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.skyremote.core.SkyLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default output path: plain lines reach the log as bytes through {@link SkyLog#output}, which may hold them back
 * until {@link SkyLog#flush()}; every other line comes through {@link SkyLog#info(String)}, in its place.
 */
class ProcessOutputBatchingTest {
    private static final String SECRET = "hf_BatchSecretValue42";

    @TempDir
    Path tmp;

    /** Holds output lines back like the Maven console does, until flushed or another message comes. */
    static final class BatchingLog implements SkyLog {
        final List<String> shown = new ArrayList<>();
        final List<String> held = new ArrayList<>();
        final List<String> viaOutput = new ArrayList<>();
        int flushes;

        @Override
        public synchronized void output(byte[] prefix, byte[] line, int length) {
            String text = new String(prefix, StandardCharsets.US_ASCII)
                    + new String(line, 0, length, StandardCharsets.US_ASCII);
            held.add(text);
            viaOutput.add(text);
        }

        @Override
        public synchronized void flush() {
            flushes++;
            shown.addAll(held);
            held.clear();
        }

        @Override
        public synchronized void info(String line) {
            flush();
            shown.add(line);
        }

        @Override
        public synchronized void warn(String line) {
            flush();
            shown.add("WARN " + line);
        }

        @Override
        public void error(String line) {
            warn(line);
        }

        @Override
        public void debug(String line) {
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        synchronized List<String> shown() {
            return List.copyOf(shown);
        }

        synchronized List<String> viaOutput() {
            return List.copyOf(viaOutput);
        }
    }

    private ProcessSupervisor.Result run(BatchingLog log, String body, String prefix, Path logFile) throws Exception {
        Path script = Scripts.script(tmp, "job.sh", body);
        OutputSpec spec = new OutputSpec(OutputMode.SHOWN, prefix, true, new SecretMasker(List.of(SECRET)), logFile,
                LineHook.NONE);
        return new ProcessSupervisor(ProcessLauncher.SYSTEM, tmp, log, 10).run(
                new ProcessCommand(List.of(script.toString()), "job.sh", Map.of()), 0, spec, Supervision.NONE);
    }

    @Test
    void plainLinesGoAsBytesOthersAsTextAllInOrderAndInTheLogFile() throws Exception {
        BatchingLog log = new BatchingLog();
        Path file = tmp.resolve("job.log");
        run(log, """
                printf 'plain one\\n'
                printf '\\033[31mred\\033[0m\\n'
                printf 'token %s here\\n'
                printf 'caf\\303\\251\\n'
                printf 'tab\\there\\n'
                printf 'plain two\\n'
                echo 'on stderr' >&2
                """.formatted(SECRET), "[mod] ", file);
        List<String> expected = List.of("[mod] plain one", "[mod] red", "[mod] token **** here", "[mod] café",
                "[mod] tab\there", "[mod] plain two");
        List<String> stdout = log.shown().stream().filter(l -> !l.startsWith("WARN ")).toList();
        assertEquals(expected, stdout);
        assertEquals(List.of("[mod] plain one", "[mod] tab\there", "[mod] plain two"), log.viaOutput());
        assertTrue(log.shown().contains("WARN [mod] on stderr"));
        List<String> logged = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertTrue(logged.containsAll(List.of("plain one", "red", "token **** here", "café", "tab\there",
                "plain two", "on stderr")), logged.toString());
        assertFalse(String.join("\n", logged).contains(SECRET));
    }

    @Test
    void aSecretInAnAsciiLineIsMaskedNotPassedAsBytes() throws Exception {
        BatchingLog log = new BatchingLog();
        run(log, "printf 'x%sy\\n'\n".formatted(SECRET), "", null);
        assertEquals(List.of("x****y"), log.shown());
        assertEquals(List.of(), log.viaOutput());
    }

    @Test
    void aLinePrintedAloneIsFlushedWhileTheProcessStillRuns() throws Exception {
        BatchingLog log = new BatchingLog();
        Path go = tmp.resolve("go");
        Thread job = new Thread(() -> {
            try {
                run(log, """
                        printf 'alone\\n'
                        while [ ! -e %s ]; do sleep 0.05; done
                        printf 'after\\n'
                        """.formatted(go), "", null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        job.start();
        try {
            assertTrue(eventually(() -> log.shown().contains("alone")), "the line waited in a buffer");
            assertFalse(log.shown().contains("after"));
        } finally {
            Files.writeString(go, "");
            job.join(20_000);
        }
        assertEquals(List.of("alone", "after"), log.shown());
    }

    @Test
    void manyLinesArriveWholeAndInOrder() throws Exception {
        BatchingLog log = new BatchingLog();
        run(log, "seq 1 20000 | sed 's/^/line /'\n", "", null);
        List<String> shown = log.shown();
        assertEquals(20000, shown.size());
        for (int i = 0; i < shown.size(); i++) {
            assertEquals("line " + (i + 1), shown.get(i));
        }
    }

    @Test
    void printableAsciiIsTheOnlyByteTextThatNeedsNoDecoding() {
        assertTrue(ProcessOutput.printableAscii(bytes("a b ~\t!"), 7));
        for (String s : new String[] {"\u001b[0m", "\u007f", "caf\u00e9", "\u0085", "\r", "\u0000"}) {
            byte[] b = bytes(s);
            assertFalse(ProcessOutput.printableAscii(b, b.length), s);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
