package io.github.skyremote.core.sync;

/**
 * rsync's wildcard matching (its {@code wildmatch}), written from its documented and observed behaviour:
 * <ul>
 * <li>{@code *} matches any run of characters without a {@code /}; two or more stars ({@code **}, {@code ***})
 * match any run, slashes included.</li>
 * <li>{@code ?} matches one character other than {@code /}.</li>
 * <li>{@code [...]} matches one character of the class, never a {@code /}: {@code [!...]} and {@code [^...]} negate,
 * a {@code ]} right after the opening (or the negation) is a member, {@code a-z} is a range when a character
 * precedes the {@code -} and a character other than {@code ]} follows it, {@code \} quotes the next character,
 * and {@code [:alpha:]} and its ten siblings are ASCII classes. A class that is never closed, or names an unknown
 * {@code [:class:]}, makes the whole pattern match nothing.</li>
 * <li>{@code \} matches the next character literally; a {@code \} at the end of the pattern matches nothing.</li>
 * </ul>
 * rsync compares bytes: callers give both strings in the same form (see {@link SyncRules}).
 */
final class RsyncGlob {
    private static final int MATCH = 1;
    private static final int NO_MATCH = 0;
    /** The text ran out: no later starting point can match either. */
    private static final int ABORT_ALL = -1;
    /** A single {@code *} met a {@code /}: only an enclosing {@code **} may still move on. */
    private static final int ABORT_TO_STARSTAR = -2;

    private RsyncGlob() {
    }

    /** The whole of {@code text} from {@code from} against the whole pattern. */
    static boolean matches(String pattern, String text, int from) {
        return match(pattern, 0, text, from) == MATCH;
    }

    /**
     * The pattern at the start of {@code text} (from {@code from}) or right after any {@code /} in it, as rsync tries
     * an unanchored pattern holding a {@code **}.
     */
    static boolean matchesAfterAnySlash(String pattern, String text, int from) {
        int result = match(pattern, 0, text, from);
        if (result == MATCH) {
            return true;
        }
        if (result == ABORT_ALL) {
            return false;
        }
        for (int i = text.indexOf('/', from); i >= 0; i = text.indexOf('/', i + 1)) {
            result = match(pattern, 0, text, i + 1);
            if (result == MATCH) {
                return true;
            }
            if (result == ABORT_ALL) {
                return false;
            }
        }
        return false;
    }

    private static int match(String p, int pi, String t, int ti) {
        int pn = p.length();
        int tn = t.length();
        for (; pi < pn; pi++, ti++) {
            char pc = p.charAt(pi);
            if (ti >= tn && pc != '*') {
                return ABORT_ALL;
            }
            switch (pc) {
                case '\\':
                    if (++pi >= pn || t.charAt(ti) != p.charAt(pi)) {
                        return NO_MATCH;
                    }
                    break;
                case '?':
                    if (t.charAt(ti) == '/') {
                        return NO_MATCH;
                    }
                    break;
                case '*':
                    return star(p, pi, t, ti);
                case '[':
                    int end = classEnd(p, pi, t.charAt(ti));
                    if (end < 0) {
                        return end == -1 ? NO_MATCH : ABORT_ALL;
                    }
                    pi = end;
                    break;
                default:
                    if (t.charAt(ti) != pc) {
                        return NO_MATCH;
                    }
            }
        }
        return ti >= tn ? MATCH : NO_MATCH;
    }

    /** A run of stars at {@code pi}: the rest of the pattern at every later position its kind of star can reach. */
    private static int star(String p, int pi, String t, int ti) {
        int pn = p.length();
        int rest = pi + 1;
        while (rest < pn && p.charAt(rest) == '*') {
            rest++;
        }
        boolean crossesSlashes = rest - pi >= 2;
        if (rest == pn) {
            return crossesSlashes || t.indexOf('/', ti) < 0 ? MATCH : NO_MATCH;
        }
        for (int tn = t.length(); ti < tn; ti++) {
            int result = match(p, rest, t, ti);
            if (result != NO_MATCH) {
                if (!crossesSlashes || result != ABORT_TO_STARSTAR) {
                    return result;
                }
            } else if (!crossesSlashes && t.charAt(ti) == '/') {
                return ABORT_TO_STARSTAR;
            }
        }
        return ABORT_ALL;
    }

    /**
     * The class opened at {@code open} against {@code c}: the index of its closing {@code ]} when c is a member, -1
     * when it is not, -2 when the class is malformed (never closed, or an unknown {@code [:name:]}).
     */
    private static int classEnd(String p, int open, char c) {
        int pn = p.length();
        int i = open + 1;
        boolean negated = i < pn && (p.charAt(i) == '!' || p.charAt(i) == '^');
        if (negated) {
            i++;
        }
        boolean member = false;
        char prev = 0;
        do {
            if (i >= pn) {
                return -2;
            }
            char pc = p.charAt(i);
            if (pc == '\\') {
                if (++i >= pn) {
                    return -2;
                }
                pc = p.charAt(i);
                member |= c == pc;
            } else if (pc == '-' && prev != 0 && i + 1 < pn && p.charAt(i + 1) != ']') {
                pc = p.charAt(++i);
                if (pc == '\\') {
                    if (++i >= pn) {
                        return -2;
                    }
                    pc = p.charAt(i);
                }
                member |= c >= prev && c <= pc;
                pc = 0; // a range is no start of another range
            } else if (pc == '[' && i + 1 < pn && p.charAt(i + 1) == ':') {
                int close = p.indexOf(']', i + 2);
                if (close < 0) {
                    return -2;
                }
                if (close - (i + 2) < 1 || p.charAt(close - 1) != ':') {
                    member |= c == '['; // no "[:name:]": an ordinary '['
                } else {
                    int known = namedClass(p.substring(i + 2, close - 1), c);
                    if (known < 0) {
                        return -2;
                    }
                    member |= known == 1;
                    i = close;
                    pc = 0;
                }
            } else {
                member |= c == pc;
            }
            prev = pc;
            i++;
        } while (i >= pn || p.charAt(i) != ']');
        return member != negated && c != '/' ? i : -1;
    }

    /** 1 when c is in the named ASCII class, 0 when not, -1 for an unknown name. */
    private static int namedClass(String name, char c) {
        boolean upper = c >= 'A' && c <= 'Z';
        boolean lower = c >= 'a' && c <= 'z';
        boolean digit = c >= '0' && c <= '9';
        boolean graph = c > ' ' && c < 127;
        return switch (name) {
            case "alnum" -> bit(upper || lower || digit);
            case "alpha" -> bit(upper || lower);
            case "blank" -> bit(c == ' ' || c == '\t');
            case "cntrl" -> bit(c < ' ' || c == 127);
            case "digit" -> bit(digit);
            case "graph" -> bit(graph);
            case "lower" -> bit(lower);
            case "print" -> bit(graph || c == ' ');
            case "punct" -> bit(graph && !(upper || lower || digit));
            case "space" -> bit(c == ' ' || (c >= '\t' && c <= '\r'));
            case "upper" -> bit(upper);
            case "xdigit" -> bit(digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
            default -> -1;
        };
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }
}
