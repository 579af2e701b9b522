package io.github.skyremote.core.process;

/**
 * Removes ECMA-48 escape and control sequences: sky colours its output even when piped, and a secret printed with a
 * colour change (or any other sequence) inside it must reach the masker in one piece.
 *
 * <p>One pass over the text with a small state machine, as a terminal parses its input (the DEC/xterm parser):
 * each character is read once, so hostile lines cost linear time (a regex with backtracking was quadratic on a
 * 64 KiB line of {@code ESC ]x ESC ]x ...}). Removed:
 * <ul>
 * <li>escape sequences: ESC, intermediates 0x20–0x2F, a final 0x30–0x7E ({@code ESC ( B}, {@code ESC M},
 * {@code ESC 7});</li>
 * <li>control sequences: CSI ({@code ESC [} or U+009B), parameters 0x30–0x3F (colons included), intermediates
 * 0x20–0x2F, a final 0x40–0x7E;</li>
 * <li>control strings: OSC, DCS, SOS, PM, APC ({@code ESC ] P X ^ _} or U+009D, U+0090, U+0098, U+009E, U+009F) up
 * to BEL or ST ({@code ESC \} or U+009C);</li>
 * <li>every other C1 control (U+0080–U+009F): terminals that decode UTF-8 act on these as on their ESC forms.</li>
 * </ul>
 * A sequence still open at the end of the text is removed to the end: a secret must not hide behind one. A lone ESC
 * (followed by a character that cannot continue a sequence) is dropped and that character kept. As in a terminal,
 * CAN and SUB cancel a sequence, ESC restarts one, and the other C0 controls (tab, BEL...) inside a sequence are
 * kept, since a terminal executes them there; DEL inside a sequence is ignored.
 */
public final class Ansi {
    private static final char BEL = 0x07;
    private static final char CAN = 0x18;
    private static final char SUB = 0x1A;
    private static final char ESC = 0x1B;
    private static final char DEL = 0x7F;
    private static final char C1_CSI = 0x9B;
    private static final char C1_ST = 0x9C;

    private enum State {
        TEXT, ESCAPE, ESCAPE_INTERMEDIATE, CONTROL_SEQUENCE, CONTROL_STRING
    }

    private Ansi() {
    }

    /**
     * The text without escape and control sequences. Nothing to strip (no ESC, no C1 control) → {@code
     * text.toString()}: for a String, the same instance, which callers may compare with {@code ==}.
     */
    public static String strip(CharSequence text) {
        int length = text.length();
        int first = 0;
        while (first < length && !startsSequence(text.charAt(first))) {
            first++;
        }
        if (first == length) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(length);
        out.append(text, 0, first);
        State state = State.TEXT;
        for (int i = first; i < length; i++) {
            char c = text.charAt(i);
            state = switch (state) {
                case TEXT -> text(c, out);
                case ESCAPE -> escape(c, out);
                case ESCAPE_INTERMEDIATE -> escapeIntermediate(c, out);
                case CONTROL_SEQUENCE -> controlSequence(c, out);
                case CONTROL_STRING -> controlString(c);
            };
        }
        return out.toString();
    }

    private static boolean startsSequence(char c) {
        return c == ESC || isC1(c);
    }

    private static boolean isC1(char c) {
        return c >= 0x80 && c <= 0x9F;
    }

    private static State text(char c, StringBuilder out) {
        if (c == ESC) {
            return State.ESCAPE;
        }
        if (isC1(c)) {
            return switch (c) {
                case C1_CSI -> State.CONTROL_SEQUENCE;
                case 0x90, 0x98, 0x9D, 0x9E, 0x9F -> State.CONTROL_STRING; // DCS, SOS, OSC, PM, APC
                default -> State.TEXT; // a control function of its own (NEL, ST...): dropped
            };
        }
        out.append(c);
        return State.TEXT;
    }

    private static State escape(char c, StringBuilder out) {
        if (c >= 0x20 && c <= 0x2F) {
            return State.ESCAPE_INTERMEDIATE;
        }
        return switch (c) {
            case '[' -> State.CONTROL_SEQUENCE;
            case ']', 'P', 'X', '^', '_' -> State.CONTROL_STRING; // OSC, DCS, SOS, PM, APC
            default -> c >= 0x30 && c <= 0x7E ? State.TEXT : inSequence(c, State.ESCAPE, out);
        };
    }

    private static State escapeIntermediate(char c, StringBuilder out) {
        if (c >= 0x20 && c <= 0x2F) {
            return State.ESCAPE_INTERMEDIATE;
        }
        return c >= 0x30 && c <= 0x7E ? State.TEXT : inSequence(c, State.ESCAPE_INTERMEDIATE, out);
    }

    private static State controlSequence(char c, StringBuilder out) {
        if (c >= 0x20 && c <= 0x3F) {
            return State.CONTROL_SEQUENCE; // parameters and intermediates
        }
        return c >= 0x40 && c <= 0x7E ? State.TEXT : inSequence(c, State.CONTROL_SEQUENCE, out);
    }

    /** A character that neither continues nor ends the escape or control sequence being read. */
    private static State inSequence(char c, State state, StringBuilder out) {
        if (c == ESC) {
            return State.ESCAPE;
        }
        if (c == CAN || c == SUB) {
            return State.TEXT;
        }
        if (c < 0x20) {
            out.append(c);
            return state;
        }
        if (c == DEL) {
            return state;
        }
        return text(c, out); // not part of any sequence: the sequence so far is dropped, the character is text
    }

    private static State controlString(char c) {
        return switch (c) {
            case BEL, C1_ST, CAN, SUB -> State.TEXT;
            case ESC -> State.ESCAPE; // ESC \ is ST; any other ESC ends the string and starts a sequence
            default -> State.CONTROL_STRING;
        };
    }
}
