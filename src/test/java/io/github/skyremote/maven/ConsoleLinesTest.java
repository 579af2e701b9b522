package io.github.skyremote.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/** The batched console of a job's plain lines, and its place among Maven's own messages. */
class ConsoleLinesTest {
    private static final byte[] NO_PREFIX = new byte[0];

    /** Maven's logger as seen by a plugin: records what each call would print. */
    static final class RecordingMavenLog extends SystemStreamLog {
        final List<String> printed = new ArrayList<>();
        final boolean info;

        RecordingMavenLog(boolean info) {
            this.info = info;
        }

        @Override
        public boolean isInfoEnabled() {
            return info;
        }

        @Override
        public void info(CharSequence content) {
            if (info) {
                printed.add("[INFO] " + content);
            }
        }

        @Override
        public void warn(CharSequence content) {
            printed.add("[WARNING] " + content);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void line(ConsoleLines console, String prefix, String text) {
        byte[] bytes = ascii(text);
        console.line(ascii(prefix), bytes, bytes.length);
    }

    @Test
    void linesAreHeldUntilFlushedThenWrittenInOnePieceAsTheLoggerPrintsThem() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> writes = new ArrayList<>();
        PrintStream console = new PrintStream(out, false, StandardCharsets.UTF_8) {
            @Override
            public void write(byte[] buf, int off, int len) {
                writes.add(len);
                super.write(buf, off, len);
            }
        };
        ConsoleLines lines = new ConsoleLines(ConsoleLines.stdout(() -> console));
        line(lines, "[mod] ", "one");
        line(lines, "[mod] ", "two");
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        lines.flush();
        assertEquals("[INFO] [mod] one\n[INFO] [mod] two\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(34), writes);
        lines.flush();
        assertEquals(List.of(34), writes, "nothing held: nothing written");
    }

    @Test
    void aFullBufferIsWrittenWithoutWaitingForAFlush() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(out, false, StandardCharsets.UTF_8);
        ConsoleLines lines = new ConsoleLines(ConsoleLines.stdout(() -> console));
        String text = "x".repeat(99);
        int count = 0;
        while (out.size() == 0) {
            line(lines, "", text);
            count++;
        }
        assertTrue(out.size() >= ConsoleLines.WRITE_AT && count * 107 == out.size(), "whole lines only: " + out.size());
        String big = "y".repeat(3 * ConsoleLines.WRITE_AT);
        line(lines, "", big);
        lines.flush();
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("[INFO] " + big + "\n"), "a line longer than a batch");
    }

    @Test
    void onMaven4TheBatchIsOneLoggerMessageThatPrintsTheSameLines() {
        RecordingMavenLog log = new RecordingMavenLog(true);
        ConsoleLines lines = new ConsoleLines(ConsoleLines.logger(log::info));
        line(lines, "", "one");
        line(lines, "[m] ", "two");
        line(lines, "", "three");
        lines.flush();
        assertEquals(List.of("[INFO] one\n[INFO] [m] two\n[INFO] three"), log.printed);
    }

    @Test
    void everyMessageFirstShowsTheLinesHeldBack() {
        RecordingMavenLog log = new RecordingMavenLog(true);
        MavenSkyLog sky = new MavenSkyLog(log, new ConsoleLines(ConsoleLines.logger(log::info)));
        sky.output(NO_PREFIX, ascii("job line"), 8);
        assertEquals(List.of(), log.printed);
        sky.warn("a warning");
        sky.output(NO_PREFIX, ascii("next"), 4);
        sky.flush();
        assertEquals(List.of("[INFO] job line", "[WARNING] a warning", "[INFO] next"), log.printed);
    }

    @Test
    void quietHidesTheLines() {
        // On Maven 3 the lines bypass the logger: -q must be asked of it, once.
        RecordingMavenLog quiet = new RecordingMavenLog(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(out, false, StandardCharsets.UTF_8);
        MavenSkyLog quietSky = new MavenSkyLog(quiet, new ConsoleLines(ConsoleLines.stdout(() -> console)));
        quietSky.output(NO_PREFIX, ascii("job line"), 8);
        quietSky.flush();
        quietSky.warn("a warning");
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("[WARNING] a warning"), quiet.printed);
    }

    @Test
    void withoutABatchingConsoleEachLineGoesThroughTheLogger() {
        RecordingMavenLog log = new RecordingMavenLog(true);
        MavenSkyLog sky = new MavenSkyLog(log);
        sky.output(ascii("[m] "), ascii("job line"), 8);
        assertEquals(List.of("[INFO] [m] job line"), log.printed);
    }

    @Test
    void batchesOnlyWhereTheLoggerUsesItsDefaultLayout() {
        Properties maven3 = new Properties();
        maven3.setProperty("org.slf4j.simpleLogger.showDateTime", "false");
        maven3.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        maven3.setProperty("org.slf4j.simpleLogger.showLogName", "false");
        maven3.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
        String p = "org.slf4j.simpleLogger.";
        assertTrue(ConsoleLines.formatsLikeMaven(maven3, new Properties(), p));
        for (String key : new String[] {"showDateTime", "showThreadName", "showLogName", "showThreadId",
                "showShortLogName"}) {
            Properties system = new Properties();
            system.setProperty(p + key, "true");
            assertFalse(ConsoleLines.formatsLikeMaven(maven3, system, p), key);
        }
        Properties noBrackets = new Properties();
        noBrackets.setProperty(p + "levelInBrackets", "false");
        assertFalse(ConsoleLines.formatsLikeMaven(maven3, noBrackets, p));
        Properties unset = (Properties) maven3.clone();
        unset.remove(p + "showThreadName"); // the binding's own default shows it
        assertFalse(ConsoleLines.formatsLikeMaven(unset, new Properties(), p));
    }

    @Test
    void noBatchingWithColoursOrOutsideMavensLogger() {
        RecordingMavenLog log = new RecordingMavenLog(true);
        assertNull(ConsoleLines.targetFor("3.9.16", true, log, () -> System.out));
        // In this test JVM SLF4J is not Maven's binding (or absent): the logger's layout is unknown.
        assertNull(ConsoleLines.targetFor("3.9.16", false, log, () -> System.out));
        assertNull(ConsoleLines.targetFor("4.0.0-rc-5", false, log, () -> System.out));
    }
}
