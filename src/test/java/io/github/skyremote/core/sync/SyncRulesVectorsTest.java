package io.github.skyremote.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared sync-rule vectors ({@code src/test/resources/sync-rules/vectors.json}): the fake {@code sky}'s suite
 * runs the same file, and the build checks every case against a real {@code rsync -n}. Each case's tree is made in a
 * directory of its own and walked; the files the walk would send must be exactly the case's {@code synced}.
 */
class SyncRulesVectorsTest {
    private static final String VECTORS = "/sync-rules/vectors.json";

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyVectorSendsExactlyItsSyncedFiles() throws IOException {
        JsonNode cases;
        try (InputStream in = SyncRulesVectorsTest.class.getResourceAsStream(VECTORS)) {
            if (in == null) {
                throw new IOException(VECTORS + " is not on the test class path");
            }
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        assertFalse(cases == null || cases.isEmpty(), VECTORS + " has no cases");
        List<DynamicTest> tests = new ArrayList<>();
        int index = 0;
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            Path root = dir.resolve("case-" + index++);
            tests.add(DynamicTest.dynamicTest(name, () -> check(name, c, root)));
        }
        return tests.stream();
    }

    private static void check(String name, JsonNode c, Path root) throws IOException {
        Files.createDirectories(root);
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("files").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> file = it.next();
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue().asText().getBytes(StandardCharsets.UTF_8));
        }
        TreeSet<String> expected = new TreeSet<>();
        c.get("synced").forEach(s -> expected.add(s.asText()));
        TreeSet<String> sent = new TreeSet<>();
        SyncWalker walker = SyncWalker.walk(root, sent::add);
        assertEquals(expected, sent, name + ": " + c.get("files"));
        assertEquals(expected.size(), walker.files, name + ": the count of files");
    }
}
