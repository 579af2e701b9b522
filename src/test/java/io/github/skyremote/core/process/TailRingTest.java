package io.github.skyremote.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TailRingTest {
    @Test
    void keepsTheLastLinesInOrderAcrossWrapsAndGrowth() {
        TailRing ring = new TailRing(3);
        for (int i = 0; i < 7; i++) {
            byte[] line = ("line " + i + "x".repeat(i == 5 ? 300 : 0)).getBytes(StandardCharsets.UTF_8);
            ring.add(line, line.length);
        }
        assertEquals(List.of("line 4", "line 5" + "x".repeat(300), "line 6"), ring.lines());
        assertEquals(List.of(), new TailRing(3).lines());
    }
}
