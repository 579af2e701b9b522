package io.github.skyremote.core.process;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns a byte stream into lines: breaks on {@code \n}, {@code \r} and {@code \r\n}; decodes each whole line as
 * UTF-8 (invalid bytes become U+FFFD instead of failing); and cuts lines longer than {@code maxLineBytes} into
 * pieces, so a megabyte without a newline never sits in memory. Not thread-safe: one splitter per stream.
 */
public final class LineSplitter {
    /** Long enough for any sane log line, short enough that a runaway one costs little. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    /**
     * Receives a line, or one piece of a line longer than the cap ({@code continues} is true but for the last), as bytes
     * {@code bytes[0, length)}, valid only during the call (the buffer is reused).
     */
    @FunctionalInterface
    public interface ByteSink {
        void line(byte[] bytes, int length, boolean continues);
    }

    /** Receives a line, or one piece of a line longer than the cap: {@code continues} is true but for the last. */
    @FunctionalInterface
    public interface PieceSink {
        void piece(String text, boolean continues);
    }

    private final PieceSink sink;
    private final ByteSink byteSink;
    private final byte[] line;
    private int length;
    private boolean afterCarriageReturn;

    public LineSplitter(Consumer<String> sink) {
        this(sink, DEFAULT_MAX_LINE_BYTES);
    }

    public LineSplitter(Consumer<String> sink, int maxLineBytes) {
        this((text, continues) -> sink.accept(text), null, maxLineBytes);
    }

    /** Lines as bytes, undecoded: for callers that look at most lines without needing them as text. */
    public static LineSplitter ofBytes(ByteSink byteSink) {
        return ofBytes(byteSink, DEFAULT_MAX_LINE_BYTES);
    }

    static LineSplitter ofBytes(ByteSink byteSink, int maxLineBytes) {
        return new LineSplitter(null, byteSink, maxLineBytes);
    }

    /** Lines as text, telling the pieces of a long line apart from whole lines. */
    public static LineSplitter ofPieces(PieceSink sink) {
        return ofPieces(sink, DEFAULT_MAX_LINE_BYTES);
    }

    static LineSplitter ofPieces(PieceSink sink, int maxLineBytes) {
        return new LineSplitter(sink, null, maxLineBytes);
    }

    private LineSplitter(PieceSink sink, ByteSink byteSink, int maxLineBytes) {
        if (maxLineBytes < 4) {
            throw new IllegalArgumentException("maxLineBytes must hold one UTF-8 character");
        }
        this.sink = sink;
        this.byteSink = byteSink;
        this.line = new byte[maxLineBytes];
    }

    public void feed(byte[] bytes, int offset, int count) {
        int end = offset + count;
        int i = offset;
        while (i < end) {
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (bytes[i] == '\n') {
                    i++; // the \n of a \r\n: the line was emitted at the \r
                    continue;
                }
            }
            // Scan to the next break in a tight loop, then copy the run at once: far cheaper than byte by byte.
            int start = i;
            while (i < end && bytes[i] != '\n' && bytes[i] != '\r') {
                i++;
            }
            append(bytes, start, i - start);
            if (i < end) {
                afterCarriageReturn = bytes[i] == '\r';
                emit(length, false);
                i++;
            }
        }
    }

    /** Adds bytes of the current line; a full buffer is emitted as a piece when another byte arrives. */
    private void append(byte[] bytes, int from, int count) {
        while (count > 0) {
            if (length == line.length) {
                emitLongLinePiece();
            }
            int n = Math.min(count, line.length - length);
            System.arraycopy(bytes, from, line, length, n);
            length += n;
            from += n;
            count -= n;
        }
    }

    /** Emits what is left after the stream ended without a final newline. */
    public void finish() {
        if (length > 0) {
            emit(length, false);
        }
    }

    /** Cuts at a UTF-8 character boundary so no character is split between two pieces. */
    private void emitLongLinePiece() {
        int cut = length;
        int back = 0;
        while (back < 3 && cut > 1 && (line[cut - 1] & 0xC0) == 0x80) {
            cut--;
            back++;
        }
        if (cut > 0 && (line[cut - 1] & 0xC0) == 0xC0) {
            cut--; // the lead byte of the incomplete character moves to the next piece too
        } else if (back > 0 && cut > 0 && (line[cut - 1] & 0x80) == 0) {
            cut = length; // stray continuation bytes after ASCII: nothing to keep together
        }
        if (cut == 0) {
            cut = length;
        }
        int rest = length - cut;
        emit(cut, true); // hands on line[0, cut) and resets length
        if (rest > 0) {
            System.arraycopy(line, cut, line, 0, rest);
        }
        length = rest;
    }

    private void emit(int count, boolean continues) {
        length = 0;
        if (byteSink != null) {
            byteSink.line(line, count, continues);
            return;
        }
        // String's own UTF-8 decoding replaces malformed input by U+FFFD exactly as a REPLACE decoder does, with one
        // copy and no intermediate buffers (this runs once per line of output).
        sink.piece(new String(line, 0, count, StandardCharsets.UTF_8), continues);
    }
}
