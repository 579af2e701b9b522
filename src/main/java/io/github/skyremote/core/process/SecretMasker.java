package io.github.skyremote.core.process;

import io.github.skyremote.core.job.JobEnvironmentCheck;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces secret values by {@code ****} in every line we show or store, in case a job prints one. Besides each whole
 * value it masks each line of a multi-line value on its own (a PEM key or a JSON credential reaches the output one line
 * at a time) and the value with its escape sequences stripped (output is stripped before it is masked). Values
 * shorter than {@value #MIN_LENGTH} characters cannot be masked safely (they would blank out ordinary words and still
 * leak): {@link JobEnvironmentCheck} refuses them before anything runs; here they are skipped.
 */
public final class SecretMasker {
    public static final SecretMasker NONE = new SecretMasker(List.of());
    /** The shortest secret, in characters (code points), that can be masked. */
    public static final int MIN_LENGTH = 4;
    private static final String MASK = "****";

    /** Longest first, so that no part of a longer value is left over after a shorter one is masked. */
    private final List<String> values;
    /** The values that fit in one line of output: what can straddle a cut of a long line. */
    private final List<String> singleLineValues;
    private final int overlap;
    /** The values as UTF-8, to look for in lines that stay bytes. */
    private final byte[][] valueBytes;

    public SecretMasker(Collection<String> secretValues) {
        Set<String> kept = new LinkedHashSet<>();
        for (String value : secretValues) {
            if (value == null || tooShort(value)) {
                continue;
            }
            addWithLines(kept, value);
            String stripped = Ansi.strip(value);
            if (!stripped.equals(value) && !tooShort(stripped)) {
                addWithLines(kept, stripped);
            }
        }
        List<String> sorted = new ArrayList<>(kept);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.values = List.copyOf(sorted);
        this.singleLineValues = sorted.stream().filter(v -> v.indexOf('\n') < 0 && v.indexOf('\r') < 0).toList();
        this.overlap = singleLineValues.isEmpty() ? 0 : singleLineValues.get(0).length() - 1;
        this.valueBytes = values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    private static void addWithLines(Set<String> kept, String value) {
        kept.add(value);
        for (String line : value.split("\r\n|\r|\n")) {
            String trimmed = line.strip();
            if (!tooShort(trimmed)) {
                kept.add(trimmed);
            }
        }
    }

    /** This masker and more values (e.g. the team API server's token): a new masker; this one when none are added. */
    public SecretMasker and(Collection<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(values);
        all.addAll(more);
        return new SecretMasker(all);
    }

    /** True for a value too short to mask safely. */
    public static boolean tooShort(String value) {
        return value.codePointCount(0, value.length()) < MIN_LENGTH;
    }

    /** The text with every secret value replaced; the very same instance when it holds none. */
    public String mask(String text) {
        String out = text;
        for (String value : values) {
            if (out.contains(value)) {
                out = out.replace(value, MASK);
            }
        }
        return out;
    }

    /**
     * False when the ASCII bytes {@code line[0, length)} hold no secret value: {@link #mask} would not change the line,
     * so it need not be decoded. Allocates nothing. (A value that does not survive UTF-8 encoding, a lone surrogate,
     * may match where mask does not: that only costs the decoding.)
     */
    boolean mayOccurIn(byte[] line, int length) {
        for (byte[] value : valueBytes) {
            if (indexOf(line, length, value) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] line, int length, byte[] value) {
        byte first = value[0];
        for (int i = 0, last = length - value.length; i <= last; i++) {
            if (line[i] == first) {
                int k = 1;
                while (k < value.length && line[i + k] == value[k]) {
                    k++;
                }
                if (k == value.length) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * Where to cut a piece of a long line that continues in the next piece: {@code text[0, cut)} can be masked and
     * shown now, {@code text[cut, end)} must be carried over, because a secret starting there may end in the next
     * piece. No secret straddles the cut, and no UTF-16 pair is split.
     */
    int safeCut(String text) {
        int cut = Math.max(0, text.length() - overlap);
        boolean moved = true;
        while (moved) {
            moved = false;
            if (cut > 0 && cut < text.length() && Character.isLowSurrogate(text.charAt(cut))) {
                cut--;
                moved = true;
            }
            for (String value : singleLineValues) {
                int at = text.indexOf(value, Math.max(0, cut - value.length() + 1));
                if (at >= 0 && at < cut) { // starts before the cut and, by where we searched, ends after it
                    cut = at;
                    moved = true;
                }
            }
        }
        return cut;
    }
}
