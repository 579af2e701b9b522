package io.github.skyremote.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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

    private final Consumer<String> sink;
    private final byte[] line;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private int length;
    private boolean afterCarriageReturn;

    public LineSplitter(Consumer<String> sink) {
        this(sink, DEFAULT_MAX_LINE_BYTES);
    }

    public LineSplitter(Consumer<String> sink, int maxLineBytes) {
        if (maxLineBytes < 4) {
            throw new IllegalArgumentException("maxLineBytes must hold one UTF-8 character");
        }
        this.sink = sink;
        this.line = new byte[maxLineBytes];
    }

    public void feed(byte[] bytes, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (!afterCarriageReturn) {
                    emit(length);
                }
                afterCarriageReturn = false;
            } else if (b == '\r') {
                emit(length);
                afterCarriageReturn = true;
            } else {
                afterCarriageReturn = false;
                if (length == line.length) {
                    emitLongLinePiece();
                }
                line[length++] = b;
            }
        }
    }

    /** Emits what is left after the stream ended without a final newline. */
    public void finish() {
        if (length > 0) {
            emit(length);
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
        emit(cut); // decodes line[0, cut) and resets length
        if (rest > 0) {
            System.arraycopy(line, cut, line, 0, rest);
        }
        length = rest;
    }

    private void emit(int count) {
        String text;
        try {
            text = decoder.reset().decode(ByteBuffer.wrap(line, 0, count)).toString();
        } catch (CharacterCodingException e) {
            text = new String(line, 0, count, StandardCharsets.UTF_8); // unreachable with REPLACE, kept for safety
        }
        length = 0;
        sink.accept(text);
    }
}
