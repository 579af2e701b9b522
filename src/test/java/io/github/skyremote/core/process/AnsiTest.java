package io.github.skyremote.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnsiTest {

    @Test
    void plainTextIsUnchanged() {
        assertEquals("", Ansi.strip(""));
        assertEquals("Job submitted, ID: 7", Ansi.strip("Job submitted, ID: 7"));
        assertEquals("a[1m b]c", Ansi.strip("a[1m b]c"));
    }

    @Test
    void stripsSkyPilotsBoldJobLine() {
        assertEquals("⚙︎ Job submitted, ID: 7", Ansi.strip("\u001b[1m⚙︎ Job submitted, ID: 7\u001b[0m"));
    }

    @Test
    void stripsColoursWithParameters() {
        assertEquals("red bold green", Ansi.strip("\u001b[31mred\u001b[39m \u001b[1;32mbold green\u001b[0m"));
        assertEquals("x", Ansi.strip("\u001b[38;5;208mx\u001b[0m"));
        assertEquals("rgb", Ansi.strip("\u001b[38;2;10;20;30mrgb\u001b[m"));
        assertEquals("ERROR: Job 7 failed with return code list: [3]",
                Ansi.strip("\u001b[31mERROR: Job 7 failed with return code list: [3]\u001b[0m"));
    }

    @Test
    void stripsCursorAndEraseSequences() {
        assertEquals("spinner", Ansi.strip("\u001b[?25l\u001b[2K\u001b[1Aspinner\u001b[?25h"));
        assertEquals("a", Ansi.strip("\u001b[Ka\u001b[0K"));
    }

    @Test
    void stripsOperatingSystemCommandsEndedByBell() {
        assertEquals("link", Ansi.strip("\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007"));
        assertEquals("rest", Ansi.strip("\u001b]0;window title\u0007rest"));
    }

    @Test
    void keepsUnicodeAroundCodes() {
        assertEquals("✓ Job finished (status: SUCCEEDED).",
                Ansi.strip("\u001b[32m✓\u001b[0m Job finished (status: SUCCEEDED)."));
    }

    /** Each kind of sequence, as input → what is left. {@code \e} is ESC. */
    static Stream<Arguments> sequences() {
        return Stream.of(
                row("charset designation ESC ( B", "sec\\e(Bret", "secret"),
                row("charset designation ESC ) 0", "a\\e)0b", "ab"),
                row("ESC with two intermediates", "a\\e$(Cb", "ab"),
                row("DEC test ESC # 8", "a\\e#8b", "ab"),
                row("colon sub-parameters", "sec\\e[38:5:1mret\\e[0m", "secret"),
                row("colon RGB with empty colour space", "\\e[38:2::10:20:30mx\\e[m", "x"),
                row("CSI private parameters", "\\e[?1049h\\e[>4;2m\\e[<0;10;5Mx", "x"),
                row("CSI with intermediate (cursor shape)", "a\\e[2 qb", "ab"),
                row("CSI soft reset", "a\\e[!pb", "ab"),
                row("OSC ended by BEL", "\\e]0;title\u0007x", "x"),
                row("OSC ended by ESC \\", "\\e]8;;https://example.com\\e\\link\\e]8;;\\e\\", "link"),
                row("OSC ended by 8-bit ST", "\\e]0;title\u009cx", "x"),
                row("OSC with UTF-8 title", "\\e]2;✓ build ünïcødé\u0007x", "x"),
                row("DCS (sixel)", "a\\ePq#0;2;0;0;0#0~~@@\\e\\b", "ab"),
                row("DCS request status", "a\\eP$q m\\e\\b", "ab"),
                row("SOS", "a\\eXstart of string\\e\\b", "ab"),
                row("PM", "a\\e^privacy message\\e\\b", "ab"),
                row("APC (kitty graphics)", "a\\e_Gf=100;AAAA\\e\\b", "ab"),
                row("reverse index ESC M", "a\\eMb", "ab"),
                row("save and restore cursor ESC 7 ESC 8", "\\e7a\\e8b", "ab"),
                row("keypad modes ESC = ESC >", "\\e=a\\e>b", "ab"),
                row("full reset ESC c", "\\ecab", "ab"),
                row("next line ESC E and index ESC D", "a\\eE\\eDb", "ab"),
                row("8-bit CSI", "sec\u009b31mret\u009b0m", "secret"),
                row("8-bit OSC ended by BEL", "a\u009d0;title\u0007b", "ab"),
                row("8-bit OSC ended by 8-bit ST", "a\u009d0;title\u009cb", "ab"),
                row("8-bit DCS", "a\u0090q#0\u009cb", "ab"),
                row("8-bit SOS PM APC", "a\u0098s\u009cb\u009ep\u009cc\u009fG\u009cd", "abcd"),
                row("other 8-bit C1 controls", "se\u0085cr\u008det\u009c", "secret"),
                row("unterminated OSC hides the rest", "token: \\e]0;hunter22-secret", "token: "),
                row("unterminated OSC with a lone ESC in it", "a\\e]0;x\\e", "a"),
                row("unterminated DCS", "a\\eP1;2|secret", "a"),
                row("unterminated 8-bit OSC", "a\u009dsecret", "a"),
                row("unterminated CSI", "a\\e[1;2", "a"),
                row("unterminated escape", "a\\e(", "a"),
                row("lone ESC at the end", "abc\\e", "abc"),
                row("lone ESC before non-ASCII text", "a\\eéb", "aéb"),
                row("CSI cut by non-ASCII text", "a\\e[31ésecret", "aésecret"),
                row("CSI cut by an 8-bit CSI", "a\\e[31\u009b0mb", "ab"),
                row("CAN cancels a sequence", "a\\e[31\u0018b", "ab"),
                row("SUB cancels a string", "a\\e]0;t\u001ab", "ab"),
                row("ESC restarts a sequence", "\\e[31\\e[32mx", "x"),
                row("ESC inside OSC ends it and starts a sequence", "\\e]0;t\\e[1mx", "x"),
                row("C0 control inside CSI is kept", "a\\e[3\t1mb", "a\tb"),
                row("DEL inside CSI is ignored", "\\e[3\u007f1mx", "x"),
                row("repeated OSC introducers", "\\e]x\\e]x\\e]xy", ""),
                row("repeated CSI introducers", "\\e[\\e[\\e[mx", "x"),
                row("ESC ESC", "a\\e\\eMb", "ab"));
    }

    private static Arguments row(String name, String input, String expected) {
        return Arguments.of(name, input.replace("\\e", "\u001b"), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void stripsEverySequence(String name, String input, String expected) {
        assertEquals(expected, Ansi.strip(input));
    }

    /** Plain lines are kept as bytes: no line with something to strip may count as plain on its bytes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void everyLineWithASequenceIsSeenOnItsBytes(String name, String input, String expected) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        assertFalse(ProcessOutput.printableAscii(bytes, bytes.length), name);
    }

    @Test
    void textWithoutSequencesIsTheSameInstance() {
        for (String plain : List.of("", "plain", "✓ Job finished ünïcødé 😀 \u00a0\u200b", "a\u0007b\tc\rd",
                "a[1m b]c", "\u00a0\u00ff\u0100\u007f")) {
            assertSame(plain, Ansi.strip(plain), plain);
        }
    }

    /** Random mixes of sequence pieces: nothing that starts a sequence is left, and a second strip changes nothing. */
    @Test
    void randomMixesLeaveNoSequenceBehind() {
        char[] alphabet = {'\u001b', '[', ']', '(', 'P', 'X', '^', '_', '\\', '\u0007', '\u0018', '\u009b', '\u009c',
            '\u009d', '\u0085', 'x', '1', ';', ':', '?', ' ', 'm', 'é', '\t', '\u007f'};
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String stripped = Ansi.strip(text);
            assertTrue(stripped.chars().noneMatch(c -> c == 0x1B || (c >= 0x80 && c <= 0x9F)), text::toString);
            assertSame(stripped, Ansi.strip(stripped));
        }
    }

    /**
     * Work is measured by the characters read, not by the clock: at most two reads per character (the look for a
     * first sequence, then the copy or the scan), on the pathological lines that made the old regex quadratic and on
     * other hostile lines.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileLines")
    void readsEachCharacterAtMostTwice(String name, String line) {
        assertTrue(line.length() >= 65_536, name);
        CountingText text = new CountingText(line);
        Ansi.strip(text);
        assertTrue(text.reads <= 2L * line.length(),
                name + ": " + text.reads + " reads for " + line.length() + " characters");
    }

    static Stream<Arguments> hostileLines() {
        int size = 65_536;
        return Stream.of(
                Arguments.of("repeated ESC ]x", fill("\u001b]x", size)),
                Arguments.of("repeated ESC [", fill("\u001b[", size)),
                Arguments.of("repeated ESC", fill("\u001b", size)),
                Arguments.of("repeated ESC (", fill("\u001b(", size)),
                Arguments.of("repeated ESC P x", fill("\u001bPx", size)),
                Arguments.of("CSI without final", "\u001b[" + fill("1;", size)),
                Arguments.of("OSC without end", "\u001b]0;" + fill("x", size)),
                Arguments.of("repeated 8-bit OSC", fill("\u009dx", size)),
                Arguments.of("repeated 8-bit CSI", fill("\u009b1;", size)),
                Arguments.of("text then one ESC", fill("x", size) + "\u001b"),
                Arguments.of("plain text", fill("x", size)));
    }

    private static String fill(String unit, int size) {
        return unit.repeat(size / unit.length() + 1);
    }

    /** A line that counts how many of its characters are read. */
    private static final class CountingText implements CharSequence {
        private final String text;
        long reads;

        CountingText(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            reads++;
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            reads += end - start;
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            reads += text.length();
            return text;
        }
    }
}
