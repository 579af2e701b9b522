package io.github.skyremote.core.process;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The last lines, as bytes in reused slots: keeping them allocates nothing per line. Not thread-safe. */
final class TailRing {
    private final byte[][] slots;
    private final int[] lengths;
    private int next;
    private int size;

    TailRing(int capacity) {
        slots = new byte[capacity][];
        lengths = new int[capacity];
    }

    void add(byte[] line, int length) {
        byte[] slot = slots[next];
        if (slot == null || slot.length < length) {
            slot = new byte[Math.max(length, 128)];
            slots[next] = slot;
        }
        System.arraycopy(line, 0, slot, 0, length);
        lengths[next] = length;
        next = (next + 1) % slots.length;
        size = Math.min(size + 1, slots.length);
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            int i = (next - size + k + slots.length) % slots.length;
            lines.add(new String(slots[i], 0, lengths[i], StandardCharsets.UTF_8));
        }
        return List.copyOf(lines);
    }
}
