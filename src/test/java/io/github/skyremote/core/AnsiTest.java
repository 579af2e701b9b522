package io.github.skyremote.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

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
}
