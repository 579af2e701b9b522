package io.github.skyremote.core.sky;

import io.github.skyremote.core.process.ScriptedLauncher;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code sky status -o json} as printed, with the other lines SkyPilot may put around the JSON on stdout. */
class ClusterStatusTest {
    private static final String NAME = "gpu-demo-12345";

    private static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }

    private static List<String> json(String name) {
        return lines(ScriptedLauncher.statusJson(name, "UP", 30, true).strip());
    }

    private static List<String> around(List<String> before, List<String> middle, List<String> after) {
        List<String> all = new ArrayList<>(before);
        all.addAll(middle);
        all.addAll(after);
        return all;
    }

    @Test
    void plainJsonIsRead() throws IOException {
        assertEquals(Optional.of(new ClusterStatus(NAME, "UP", 30, true, true)), ClusterStatus.fromJson(json(NAME),
                NAME));
    }

    @Test
    void noticeLinesThatBeginWithABracketAreSkipped() throws IOException {
        List<String> output = around(List.of("[notice] A new release is available", "[1/3] connecting",
                "[W 10-01 12:00:00 common.py:12] API server started", "[", "✓ SkyPilot API server started."),
                json(NAME), List.of());
        assertEquals("UP", ClusterStatus.fromJson(output, NAME).orElseThrow().status());
    }

    @Test
    void linesAfterTheJsonAreIgnored() throws IOException {
        List<String> output = around(List.of(), json(NAME), List.of("[notice] done", "Cluster(s) not found: x."));
        assertEquals(30, ClusterStatus.fromJson(output, NAME).orElseThrow().autostopMinutes());
    }

    @Test
    void clusterNotFoundNoticeBeforeAnEmptyListMeansGone() throws IOException {
        // SkyPilot #10713, seen with the real 0.14.1.
        assertEquals(Optional.empty(), ClusterStatus.fromJson(lines("Cluster(s) not found: " + NAME + ".\n[]"),
                NAME));
    }

    @Test
    void compactJsonOnOneLineIsRead() throws IOException {
        List<String> output = List.of("[{\"name\": \"" + NAME + "\", \"status\": \"STOPPED\", \"autostop\": -1,"
                + " \"to_down\": false}] trailing words");
        ClusterStatus status = ClusterStatus.fromJson(output, NAME).orElseThrow();
        assertEquals("STOPPED", status.status());
        assertEquals(-1, status.autostopMinutes());
    }

    @Test
    void outputWithoutAJsonListIsAnError() {
        IOException e = assertThrows(IOException.class, () -> ClusterStatus.fromJson(lines(
                "[notice] the server said something else\n{\"half\": "), NAME));
        assertTrue(e.getMessage().contains("no JSON list of clusters"), e.getMessage());
        assertThrows(IOException.class, () -> ClusterStatus.fromJson(lines("[1, 2]\n[\"a\"]"), NAME));
    }

    @Test
    void truncatedJsonIsAnError() {
        List<String> output = json(NAME);
        assertThrows(IOException.class, () -> ClusterStatus.fromJson(output.subList(0, output.size() - 3), NAME));
    }

    @Test
    void twoListsAreAnErrorNotAGuess() {
        IOException e = assertThrows(IOException.class, () -> ClusterStatus.fromJson(around(json(NAME), List.of(),
                lines("[]")), NAME));
        assertTrue(e.getMessage().contains("more than one"), e.getMessage());
    }
}
