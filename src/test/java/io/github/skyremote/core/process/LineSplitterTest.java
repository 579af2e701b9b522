package io.github.skyremote.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private static List<String> splitAll(byte[] bytes, int max) {
        List<String> lines = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(lines::add, max);
        splitter.feed(bytes, 0, bytes.length);
        splitter.finish();
        return lines;
    }

    private static List<String> splitAll(String text) {
        return splitAll(text.getBytes(StandardCharsets.UTF_8), LineSplitter.DEFAULT_MAX_LINE_BYTES);
    }

    private static List<String> splitByteByByte(byte[] bytes, int max) {
        List<String> lines = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(lines::add, max);
        for (int i = 0; i < bytes.length; i++) {
            splitter.feed(bytes, i, 1);
        }
        splitter.finish();
        return lines;
    }

    private static List<String> splitInRandomChunks(byte[] bytes, int max, Random random) {
        List<String> lines = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(lines::add, max);
        int i = 0;
        while (i < bytes.length) {
            int n = Math.min(bytes.length - i, 1 + random.nextInt(20));
            // copy into a bigger array at an offset, to exercise offset/count
            byte[] chunk = new byte[n + 6];
            System.arraycopy(bytes, i, chunk, 3, n);
            splitter.feed(chunk, 3, n);
            i += n;
        }
        splitter.finish();
        return lines;
    }

    @Test
    void piecesOfALongLineSayThatTheLineContinues() {
        List<String> got = new ArrayList<>();
        LineSplitter splitter = LineSplitter.ofPieces((text, continues) -> got.add(text + (continues ? "+" : "|")), 4);
        byte[] bytes = "ab\nabcdefghij\nxy".getBytes(StandardCharsets.UTF_8);
        splitter.feed(bytes, 0, bytes.length);
        splitter.finish();
        assertEquals(List.of("ab|", "abcd+", "efgh+", "ij|", "xy|"), got);
    }

    @Test
    void breaksOnLineFeed() {
        assertEquals(List.of("a", "b"), splitAll("a\nb\n"));
    }

    @Test
    void breaksOnCarriageReturn() {
        assertEquals(List.of("a", "b"), splitAll("a\rb\r"));
    }

    @Test
    void carriageReturnLineFeedIsOneBreak() {
        assertEquals(List.of("a", "b"), splitAll("a\r\nb\r\n"));
    }

    @Test
    void carriageReturnLineFeedSplitAcrossFeedsIsOneBreak() {
        List<String> lines = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(lines::add);
        splitter.feed("a\r".getBytes(StandardCharsets.UTF_8), 0, 2);
        assertEquals(List.of("a"), lines);
        splitter.feed("\nb\n".getBytes(StandardCharsets.UTF_8), 0, 3);
        splitter.finish();
        assertEquals(List.of("a", "b"), lines);
    }

    @Test
    void emptyLinesAreKept() {
        assertEquals(List.of("a", "", "b"), splitAll("a\n\nb\n"));
        assertEquals(List.of("a", "", "b"), splitAll("a\r\n\r\nb\r\n"));
        assertEquals(List.of("", ""), splitAll("\n\n"));
    }

    @Test
    void progressBarRedrawsAreSeparateLines() {
        assertEquals(List.of("10%", "50%", "100%", "done"), splitAll("10%\r50%\r100%\r\ndone\n"));
    }

    @Test
    void lastLineWithoutNewlineComesWithFinish() {
        List<String> lines = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(lines::add);
        byte[] bytes = "first\nlast".getBytes(StandardCharsets.UTF_8);
        splitter.feed(bytes, 0, bytes.length);
        assertEquals(List.of("first"), lines);
        splitter.finish();
        assertEquals(List.of("first", "last"), lines);
    }

    @Test
    void finishAfterNewlineAddsNothing() {
        List<String> lines = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(lines::add);
        byte[] bytes = "only\n".getBytes(StandardCharsets.UTF_8);
        splitter.feed(bytes, 0, bytes.length);
        splitter.finish();
        splitter.finish();
        assertEquals(List.of("only"), lines);
        assertEquals(List.of(), splitAll(""));
    }

    @Test
    void decodesUtf8() {
        assertEquals(List.of("⚙︎ Job submitted, ID: 7", "✓ ok 😀", "e\u0301"),
                splitAll("⚙︎ Job submitted, ID: 7\n✓ ok 😀\ne\u0301\n"));
    }

    @Test
    void invalidUtf8BecomesReplacementCharacterAndLaterLinesStillDecode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new byte[] {'a', (byte) 0xFF, 'b', '\n'});
        bytes.writeBytes(new byte[] {(byte) 0xC3, '\n'}); // truncated é
        bytes.writeBytes(new byte[] {(byte) 0xE2, (byte) 0x82, '\n'}); // truncated €
        bytes.writeBytes(new byte[] {(byte) 0x80, 'x', '\n'}); // stray continuation byte
        bytes.writeBytes("é € 😀 ok\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("a\uFFFDb", "\uFFFD", "\uFFFD", "\uFFFDx", "é € 😀 ok"),
                splitAll(bytes.toByteArray(), LineSplitter.DEFAULT_MAX_LINE_BYTES));
    }

    @Test
    void tooSmallMaximumIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LineSplitter(line -> { }, 3));
    }

    @Test
    void lineOfExactlyMaxBytesIsOnePiece() {
        assertEquals(List.of("abcd"), splitAll("abcd\n".getBytes(StandardCharsets.UTF_8), 4));
        assertEquals(List.of("abcd", "e"), splitAll("abcde\n".getBytes(StandardCharsets.UTF_8), 4));
        assertEquals(List.of("abcd", "efgh", "i"), splitAll("abcdefghi".getBytes(StandardCharsets.UTF_8), 4));
    }

    @Test
    void longLineIsCutBeforeAMultibyteCharacter() {
        // a b E2 82 AC: the euro sign must not be split between pieces
        assertEquals(List.of("ab", "€"), splitAll("ab€\n".getBytes(StandardCharsets.UTF_8), 4));
        assertEquals(List.of("abc", "😀"), splitAll("abc😀".getBytes(StandardCharsets.UTF_8), 5));
        assertEquals(List.of("😀", "😀", "😀"), splitAll("😀😀😀".getBytes(StandardCharsets.UTF_8), 4));
        assertEquals(List.of("a", "😀", "😀"), splitAll("a😀😀".getBytes(StandardCharsets.UTF_8), 4));
    }

    @Test
    void megabyteLineWithoutNewlineComesInBoundedPieces() {
        String[] chars = {"x", "é", "€", "😀", "e\u0301", "日"};
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        while (text.toString().getBytes(StandardCharsets.UTF_8).length < 1024 * 1024 && text.length() < 2_000_000) {
            for (int i = 0; i < 1000; i++) {
                text.append(chars[random.nextInt(chars.length)]);
            }
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        assertTrue(bytes.length >= 1024 * 1024);

        List<String> pieces = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(pieces::add);
        for (int i = 0; i < bytes.length; i += 8192) {
            splitter.feed(bytes, i, Math.min(8192, bytes.length - i));
        }
        assertTrue(pieces.size() >= 15, "pieces arrive before the end of the line: " + pieces.size());
        splitter.finish();

        StringBuilder joined = new StringBuilder();
        for (String piece : pieces) {
            int size = piece.getBytes(StandardCharsets.UTF_8).length;
            assertTrue(size <= LineSplitter.DEFAULT_MAX_LINE_BYTES, "piece of " + size + " bytes");
            assertTrue(size > 0);
            assertFalse(piece.contains("\uFFFD"), "a character was split");
            joined.append(piece);
        }
        assertEquals(text.toString(), joined.toString());
    }

    @Test
    void everyCutKeepsCharactersWholeForSmallMaximums() {
        String[] chars = {"x", "é", "€", "😀", "\u0301"};
        Random random = new Random(11);
        for (int max = 4; max <= 13; max++) {
            for (int round = 0; round < 50; round++) {
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(60);
                for (int i = 0; i < length; i++) {
                    text.append(chars[random.nextInt(chars.length)]);
                }
                List<String> pieces = splitAll(text.toString().getBytes(StandardCharsets.UTF_8), max);
                StringBuilder joined = new StringBuilder();
                for (String piece : pieces) {
                    assertTrue(piece.getBytes(StandardCharsets.UTF_8).length <= max);
                    assertFalse(piece.contains("\uFFFD"), "split character in " + pieces);
                    joined.append(piece);
                }
                assertEquals(text.toString(), joined.toString(), "max " + max);
            }
        }
    }

    @Test
    void feedingOneByteAtATimeGivesTheSameLines() {
        Random random = new Random(3);
        byte[][] parts = {
            "plain".getBytes(StandardCharsets.UTF_8), "\n".getBytes(StandardCharsets.UTF_8),
            "\r".getBytes(StandardCharsets.UTF_8), "\r\n".getBytes(StandardCharsets.UTF_8),
            "é€😀".getBytes(StandardCharsets.UTF_8), {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0x80},
            "\u001b[1m⚙︎ Job submitted, ID: 7\u001b[0m".getBytes(StandardCharsets.UTF_8),
            "a much longer piece of text that crosses the small maximum".getBytes(StandardCharsets.UTF_8),
        };
        for (int max : new int[] {4, 7, 16, LineSplitter.DEFAULT_MAX_LINE_BYTES}) {
            for (int round = 0; round < 40; round++) {
                ByteArrayOutputStream stream = new ByteArrayOutputStream();
                int count = random.nextInt(40);
                for (int i = 0; i < count; i++) {
                    stream.writeBytes(parts[random.nextInt(parts.length)]);
                }
                byte[] bytes = stream.toByteArray();
                List<String> all = splitAll(bytes, max);
                assertEquals(all, splitByteByByte(bytes, max));
                assertEquals(all, splitInRandomChunks(bytes, max, random));
            }
        }
        byte[] fixed = "a\r\nb\rc\n\nd\u00e9\ufffd".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("a", "b", "c", "", "dé\ufffd"), splitByteByByte(fixed, 64));
    }
}
