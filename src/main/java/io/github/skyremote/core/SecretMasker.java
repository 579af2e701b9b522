package io.github.skyremote.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces secret values by {@code ****} in every line we show or store, in case a job prints one. Values shorter
 * than 4 characters are not masked: they would blank out ordinary words and protect nothing.
 */
public final class SecretMasker {
    public static final SecretMasker NONE = new SecretMasker(List.of());
    private static final int MIN_LENGTH = 4;

    private final List<String> values;

    public SecretMasker(Collection<String> secretValues) {
        List<String> kept = new ArrayList<>();
        for (String value : secretValues) {
            if (value != null && value.length() >= MIN_LENGTH) {
                kept.add(value);
            }
        }
        kept.sort(Comparator.comparingInt(String::length).reversed()); // longest first: no partial leftovers
        this.values = List.copyOf(kept);
    }

    public String mask(String line) {
        String out = line;
        for (String value : values) {
            if (out.contains(value)) {
                out = out.replace(value, "****");
            }
        }
        return out;
    }
}
