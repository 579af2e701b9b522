package io.github.skyremote.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.skyremote.core.IsolatedClasses;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRecordsTest {
    @TempDir
    Path tmp;

    @Test
    void theLastJobPerClusterAndTheLastManagedJob() throws Exception {
        JobRecords records = JobRecords.inWorkspace(tmp);
        assertEquals(tmp.resolve("target/remote/jobs"), records.directory());
        assertEquals(Optional.empty(), records.last("gpu-demo-12345"));
        records.record("gpu-demo-12345", 1, "train.py");
        records.record("tpu-v6e-8-demo-11111", 4, "pytest tests");
        records.record("gpu-demo-12345", 2, "eval.py");
        records.recordManaged(7, "train.py");
        assertEquals(2, records.last("gpu-demo-12345").get().id());
        assertEquals("eval.py", records.last("gpu-demo-12345").get().what());
        assertEquals("train.py", records.find("gpu-demo-12345", 1).get().what());
        assertEquals(4, records.last("tpu-v6e-8-demo-11111").get().id());
        assertEquals(7, records.lastManaged().get().id());
        assertEquals("train.py", records.findManaged(7).get().what());
        assertTrue(records.hasManaged());
        assertEquals(List.of("gpu-demo-12345", "tpu-v6e-8-demo-11111").stream().sorted().toList(),
                records.clusters().stream().sorted().toList());
    }

    @Test
    void parallelModulesLoseNoEntryAndOnlyTheLastFiftyAreKept() throws Exception {
        JobRecords records = JobRecords.inWorkspace(tmp);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 10;
            Thread thread = new Thread(() -> IntStream.range(1, 11).forEach(i -> {
                try {
                    records.record("gpu-demo-12345", base + i, "job.py");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (int id = 1; id <= 40; id++) {
            assertTrue(records.find("gpu-demo-12345", id).isPresent(), "job " + id + " was recorded");
        }
        for (int id = 41; id <= 70; id++) {
            records.record("gpu-demo-12345", id, "job.py");
        }
        long kept = IntStream.rangeClosed(1, 40).filter(id -> records.find("gpu-demo-12345", id).isPresent()).count();
        assertEquals(20, kept, "the 20 oldest entries are dropped, the newest 50 kept");
        assertTrue(IntStream.rangeClosed(41, 70).allMatch(id -> records.find("gpu-demo-12345", id).isPresent()));
        assertEquals(70, records.last("gpu-demo-12345").get().id());
    }

    @Test
    void anUnreadableRecordIsNoRecord() throws Exception {
        JobRecords records = JobRecords.inWorkspace(tmp);
        Files.createDirectories(records.directory().resolve("clusters"));
        Files.writeString(records.directory().resolve("clusters/gpu-demo-12345.json"), "{ not json");
        assertEquals(Optional.empty(), records.last("gpu-demo-12345"));
        records.record("gpu-demo-12345", 3, "train.py");
        assertEquals(3, records.last("gpu-demo-12345").get().id());
    }

    @Test
    void recordsAreWrittenAsDataBindingWroteThemAndOddOnesAreSkipped() throws Exception {
        List<JobRecords.Entry> entries = List.of(new JobRecords.Entry(3, "train.py", Instant.parse(
                "2026-11-30T21:00:00Z")), new JobRecords.Entry(4, "pytest \"tests\"", Instant.EPOCH));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        entries.forEach(e -> root.withArray("jobs").addObject().put("id", e.id()).put("what", e.what())
                .put("submittedAt", e.submittedAt().toString()));
        assertEquals(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n", JobRecords.write(entries),
                "the format the first release wrote, so later builds read older records");

        JobRecords records = JobRecords.inWorkspace(tmp);
        Path file = records.directory().resolve("clusters/gpu-demo-12345.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"later\":{\"a\":[1]},\"jobs\":[{\"id\":5,\"what\":\"a.py\",\"extra\":[{}]},"
                + "{\"id\":-1},{\"what\":\"no id\"},[6],{\"id\":[8],\"what\":{\"a\":1}},"
                + "{\"id\":7,\"what\":{\"b\":[2]},\"submittedAt\":\"yesterday\"}]}");
        assertEquals(Optional.of(new JobRecords.Entry(7, "", Instant.EPOCH)), records.last("gpu-demo-12345"));
        assertEquals(Optional.empty(), records.find("gpu-demo-12345", 8), "an id that is no number is none");
        assertEquals("a.py", records.find("gpu-demo-12345", 5).orElseThrow().what());
        Files.writeString(file, "{\"jobs\":[{\"id\":5,");
        assertEquals(Optional.empty(), records.last("gpu-demo-12345"), "a truncated file is no record");
    }

    @Test
    void recordingLoadsNoObjectMapper() throws Exception {
        try (IsolatedClasses classes = new IsolatedClasses()) {
            Class<?> type = classes.loadClass(JobRecords.class.getName());
            Object records = type.getMethod("inWorkspace", Path.class).invoke(null, tmp);
            type.getMethod("record", String.class, long.class, String.class).invoke(records, "gpu-demo-12345", 9L,
                    "train.py");
            Optional<?> last = (Optional<?>) type.getMethod("last", String.class).invoke(records, "gpu-demo-12345");
            assertTrue(last.isPresent());
            assertTrue(classes.loaded("com.fasterxml.jackson.core.JsonFactory"), "Jackson writes it");
            assertFalse(classes.loaded("com.fasterxml.jackson.databind.ObjectMapper"), "ObjectMapper loaded");
        }
    }
}
