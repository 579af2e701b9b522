package io.github.skyremote.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
