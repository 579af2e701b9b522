package io.github.skyremote.core.cluster;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Spelling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ClusterNameFileTest {
    @TempDir
    Path root;

    private ClusterNameFile gpuFile() {
        return new ClusterNameFile(root.resolve(".cluster_name_gpu"), Device.GPU);
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(root)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void missingFileIsEmptyForReadIfPresent() throws Exception {
        assertEquals(Optional.empty(), gpuFile().readIfPresent());
    }

    @Test
    void missingFileIsAnErrorForReadThatSaysHowToProvision() {
        BadInputException e = assertThrows(BadInputException.class, () -> gpuFile().read());
        assertEquals("No cluster for device 'gpu': .cluster_name_gpu does not exist in " + root.toAbsolutePath()
                .normalize() + ".", e.getMessage());
        assertTrue(e.describe(Spelling.NEUTRAL).contains("{provision device=gpu"), e.describe(Spelling.NEUTRAL));
        assertTrue(e.describe(Spelling.NEUTRAL).contains("accelerator=H100:1}"), e.describe(Spelling.NEUTRAL));
        assertTrue(e.describe(Spelling.NEUTRAL).contains("{cluster=<name>}"), e.describe(Spelling.NEUTRAL));
    }

    @Test
    void tpuHintNamesTpu() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> new ClusterNameFile(root.resolve(".cluster_name_tpu"), Device.TPU).read());
        assertTrue(e.describe(Spelling.NEUTRAL).contains("{provision device=tpu accelerator=tpu-v6e-1}"), e.describe(Spelling.NEUTRAL));
    }

    @Test
    void emptyFileIsAnError() throws Exception {
        Files.writeString(root.resolve(".cluster_name_gpu"), "");
        BadInputException e = assertThrows(BadInputException.class, () -> gpuFile().readIfPresent());
        assertTrue(e.getMessage().contains(".cluster_name_gpu in " + root.toAbsolutePath().normalize() + " is empty"),
                e.getMessage());
        assertTrue(e.describe(Spelling.NEUTRAL).contains("{provision device=gpu"), e.describe(Spelling.NEUTRAL));
    }

    @Test
    void whitespaceFileIsAnError() throws Exception {
        Files.writeString(root.resolve(".cluster_name_gpu"), "  \n\t\r\n");
        BadInputException e = assertThrows(BadInputException.class, () -> gpuFile().read());
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }

    @Test
    void commandSubstitutionIsRejectedAndNeverRun() throws Exception {
        Path marker = root.resolve("pwned");
        boolean tmpPwnedBefore = Files.exists(Path.of("/tmp/pwned"));
        for (String content : List.of("$(touch /tmp/pwned)\n", "$(touch " + marker + ")\n", "`touch " + marker + "`")) {
            Files.writeString(root.resolve(".cluster_name_gpu"), content);
            BadInputException e = assertThrows(BadInputException.class, () -> gpuFile().readIfPresent());
            assertTrue(e.getMessage().contains("is not a valid SkyPilot cluster name"), e.getMessage());
            assertTrue(e.getMessage().contains(content.strip()), e.getMessage());
            assertTrue(e.describe(Spelling.NEUTRAL).contains("{provision device=gpu"), e.describe(Spelling.NEUTRAL));
        }
        assertFalse(Files.exists(marker));
        if (!tmpPwnedBefore) {
            assertFalse(Files.exists(Path.of("/tmp/pwned")));
        }
    }

    @Test
    void twoLinesAreRejected() throws Exception {
        Files.writeString(root.resolve(".cluster_name_gpu"), "gpu-a-11111\ngpu-b-22222\n");
        BadInputException e = assertThrows(BadInputException.class, () -> gpuFile().read());
        assertTrue(e.getMessage().contains("it holds several lines"), e.getMessage());
    }

    @Test
    void controlCharactersAreNotEchoedRaw() throws Exception {
        Files.writeString(root.resolve(".cluster_name_gpu"), "gpu-\u001b[31mred");
        BadInputException e = assertThrows(BadInputException.class, () -> gpuFile().read());
        assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
    }

    @Test
    void nameWithTrailingNewlineIsReadTrimmed() throws Exception {
        Files.writeString(root.resolve(".cluster_name_gpu"), "gpu-matmul-12345\n");
        assertEquals("gpu-matmul-12345", gpuFile().read());
        assertEquals(Optional.of("gpu-matmul-12345"), gpuFile().readIfPresent());
        Files.writeString(root.resolve(".cluster_name_gpu"), "gpu-matmul-12345\r\n");
        assertEquals("gpu-matmul-12345", gpuFile().read());
        Files.writeString(root.resolve(".cluster_name_gpu"), "gpu-matmul-12345");
        assertEquals("gpu-matmul-12345", gpuFile().read());
    }

    @Test
    void directoryIsAnError() throws Exception {
        Files.createDirectory(root.resolve(".cluster_name_gpu"));
        BadInputException e = assertThrows(BadInputException.class, () -> gpuFile().readIfPresent());
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard: the old code blocked forever
    void fifoIsRejectedBeforeItIsOpened() throws Exception {
        Path fifo = root.resolve(".cluster_name_gpu");
        mkfifo(fifo);
        for (ThrowingRead read : List.<ThrowingRead>of(() -> gpuFile().readIfPresent(), () -> gpuFile().read())) {
            BadInputException e = assertThrows(BadInputException.class, read::run);
            assertEquals(fifo + " is a named pipe (FIFO), not a regular file: it cannot hold a cluster name.",
                    e.getMessage());
            assertTrue(e.describe(Spelling.NEUTRAL).contains("Delete it (rm " + fifo + ") and provision again: {provision"
                    + " device=gpu accelerator=H100:1}"), e.describe(Spelling.NEUTRAL));
            assertTrue(e.describe(Spelling.NEUTRAL).contains("{cluster=<name>}"), e.describe(Spelling.NEUTRAL));
        }
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard: the old code read forever
    void linkToDevZeroIsRejectedWithoutReading() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve(".cluster_name_gpu"), Path.of("/dev/zero"));
        BadInputException e = assertThrows(BadInputException.class, () -> gpuFile().readIfPresent());
        assertEquals(link + " is a character device (a link to /dev/zero), not a regular file: it cannot hold a"
                + " cluster name.", e.getMessage());
        assertTrue(e.describe(Spelling.NEUTRAL).contains("Delete it (rm " + link + ")"), e.describe(Spelling.NEUTRAL));
    }

    @Test
    void linkToARegularFileIsFollowed() throws Exception {
        Path target = Files.writeString(root.resolve("shared-name"), "gpu-shared-12345\n");
        Files.createSymbolicLink(root.resolve(".cluster_name_gpu"), target);
        assertEquals("gpu-shared-12345", gpuFile().read());
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void readIsBoundedWhenTheSizeLies() throws Exception {
        Path maps = Path.of("/proc/self/maps"); // a regular file of size 0 that holds far more than 4 KiB
        assumeTrue(Files.isReadable(maps) && Files.size(maps) == 0 && Files.readAllBytes(maps).length > 8192);
        Files.createSymbolicLink(root.resolve(".cluster_name_gpu"), maps);
        BadInputException e = assertThrows(BadInputException.class, () -> gpuFile().readIfPresent());
        assertTrue(e.getMessage().endsWith("does not hold a cluster name: it is more than 4096 bytes long."),
                e.getMessage());
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // opening a FIFO to write blocks too
    void fifoAsLockFileIsRejectedBeforeItIsOpened() throws Exception {
        Path lock = root.resolve(".cluster_name_gpu.lock");
        mkfifo(lock);
        BadInputException e = assertThrows(BadInputException.class, () -> gpuFile().withLock(() -> "locked"));
        assertEquals(lock + " is a named pipe (FIFO), not a regular file: it cannot serve as the cluster name"
                + " file's lock.", e.getMessage());
        assertTrue(e.describe(Spelling.NEUTRAL).contains("Delete it (rm " + lock + ")"), e.describe(Spelling.NEUTRAL));
    }

    @Test
    void byteOrderMarkIsSkipped() throws Exception {
        Files.writeString(root.resolve(".cluster_name_gpu"), "\uFEFFgpu-matmul-12345\r\n", StandardCharsets.UTF_8);
        assertEquals("gpu-matmul-12345", gpuFile().read());
        Files.writeString(root.resolve(".cluster_name_gpu"), "\uFEFF\n", StandardCharsets.UTF_8);
        BadInputException e = assertThrows(BadInputException.class, () -> gpuFile().read());
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }

    @Test
    void invisibleAndLookAlikeCharactersAreShownEscaped() throws Exception {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("gpu-demo\u200b-12345", "'gpu-demo\\u200b-12345'"); // zero-width space
        shown.put("gpu\tdemo-12345", "'gpu\\tdemo-12345'");
        shown.put("gpu\rdemo-12345", "'gpu\\rdemo-12345'");
        shown.put("gpu-\u001b[31mred", "'gpu-\\u001b[31mred'");
        shown.put("gpu-\u0000-\u007f-\u0085", "'gpu-\\u0000-\\u007f-\\u0085'");
        shown.put("gpu-d\u0435mo-12345", "'gpu-d\\u0435mo-12345'"); // Cyrillic e
        shown.put("gpu-\u00a0-\u202e-\ufeff", "'gpu-\\u00a0-\\u202e-\\ufeff'"); // no-break space, RTL override, BOM
        shown.put("gpu-\uDB40\uDC01-x", "'gpu-\\udb40\\udc01-x'"); // tag character U+E0001
        shown.put("gpu\\u200b-x", "'gpu\\\\u200b-x'"); // a real backslash stays distinguishable
        for (Map.Entry<String, String> entry : shown.entrySet()) {
            Files.writeString(root.resolve(".cluster_name_gpu"), entry.getKey() + "\n", StandardCharsets.UTF_8);
            BadInputException e = assertThrows(BadInputException.class, () -> gpuFile().read());
            assertTrue(e.getMessage().contains(entry.getValue() + " is not a valid SkyPilot cluster name"),
                    e.getMessage());
            assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7F), e.getMessage());
            assertTrue(e.describe(Spelling.NEUTRAL).contains("Delete the file and provision again"), e.describe(Spelling.NEUTRAL));
        }
    }

    @Test
    void longContentIsCutInTheMessage() throws Exception {
        Files.writeString(root.resolve(".cluster_name_gpu"), "gpu-" + "\u200b".repeat(100));
        BadInputException e = assertThrows(BadInputException.class, () -> gpuFile().read());
        assertTrue(e.getMessage().contains("'gpu-" + "\\u200b".repeat(76) + "...'"), e.getMessage());
    }

    @FunctionalInterface
    private interface ThrowingRead {
        Object run() throws Exception;
    }

    private static void mkfifo(Path fifo) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo " + fifo);
    }

    @Test
    void hugeFileIsAnError() throws Exception {
        Files.writeString(root.resolve(".cluster_name_gpu"), "a".repeat(5000));
        BadInputException e = assertThrows(BadInputException.class, () -> gpuFile().readIfPresent());
        assertTrue(e.getMessage().contains("5000 bytes"), e.getMessage());
    }

    @Test
    void writeWritesNameAndNewlineWithoutLeavingTempFiles() throws Exception {
        ClusterNameFile file = gpuFile();
        file.write("gpu-matmul-12345");
        assertEquals("gpu-matmul-12345\n", Files.readString(file.path(), StandardCharsets.UTF_8));
        assertEquals(List.of(".cluster_name_gpu"), listing());
        file.write("gpu-other-00001");
        assertEquals("gpu-other-00001\n", Files.readString(file.path(), StandardCharsets.UTF_8));
        assertEquals(List.of(".cluster_name_gpu"), listing());
        assertEquals("gpu-other-00001", file.read());
    }

    @Test
    void writeCreatesParentDirectories() throws Exception {
        ClusterNameFile file = new ClusterNameFile(root.resolve("a/b/.cluster_name_tpu"), Device.TPU);
        file.write("tpu-tpu-v6e-1-x-00042");
        assertEquals("tpu-tpu-v6e-1-x-00042\n", Files.readString(root.resolve("a/b/.cluster_name_tpu")));
    }

    @Test
    void writeRefusesInvalidNamesAndKeepsTheOldFile() throws Exception {
        ClusterNameFile file = gpuFile();
        file.write("gpu-matmul-12345");
        assertThrows(IllegalArgumentException.class, () -> file.write("$(touch /tmp/pwned)"));
        assertThrows(IllegalArgumentException.class, () -> file.write("gpu-a\ngpu-b"));
        assertEquals("gpu-matmul-12345\n", Files.readString(file.path()));
        assertEquals(List.of(".cluster_name_gpu"), listing());
    }

    @Test
    void deleteRemovesTheFileAndToleratesItsAbsence() throws Exception {
        ClusterNameFile file = gpuFile();
        file.write("gpu-matmul-12345");
        file.delete();
        assertFalse(Files.exists(file.path()));
        file.delete();
        assertEquals(Optional.empty(), file.readIfPresent());
    }

    @Test
    void pathIsAbsoluteAndNormalized() {
        ClusterNameFile file = new ClusterNameFile(root.resolve("x/../.cluster_name_gpu"), Device.GPU);
        assertEquals(root.toAbsolutePath().normalize().resolve(".cluster_name_gpu"), file.path());
    }

    @Test
    void withLockSerializesReadModifyWriteSoOnlyOneLaunchHappens() throws Exception {
        int threads = 8;
        AtomicInteger launches = new AtomicInteger();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    // One instance per thread, as two reactor modules would have.
                    ClusterNameFile file = new ClusterNameFile(root.resolve(".cluster_name_gpu"), Device.GPU);
                    ready.countDown();
                    go.await();
                    return file.withLock(() -> {
                        int now = inside.incrementAndGet();
                        maxInside.accumulateAndGet(now, Math::max);
                        try {
                            Optional<String> existing = file.readIfPresent();
                            if (existing.isPresent()) {
                                return existing.get();
                            }
                            launches.incrementAndGet();
                            pause(); // widen the window in which a second launch could start
                            String name = String.format("gpu-race-%05d", id);
                            file.write(name);
                            return name;
                        } finally {
                            inside.decrementAndGet();
                        }
                    });
                }));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS));
            go.countDown();
            List<String> names = new ArrayList<>();
            for (Future<String> result : results) {
                names.add(result.get(60, TimeUnit.SECONDS));
            }
            assertEquals(1, launches.get());
            assertEquals(1, maxInside.get());
            String written = gpuFile().read();
            for (String name : names) {
                assertEquals(written, name);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> left = listing();
        assertTrue(left.equals(List.of(".cluster_name_gpu", ".cluster_name_gpu.lock"))
                || left.equals(List.of(".cluster_name_gpu")), left.toString());
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void withLockReleasesTheLockWhenTheActionFails() throws Exception {
        ClusterNameFile file = gpuFile();
        BadInputException e = assertThrows(BadInputException.class, () -> file.withLock(() -> {
            throw new BadInputException("boom", "");
        }));
        assertEquals("boom", e.getMessage());
        assertEquals("ok", file.withLock(() -> "ok"));
    }
}
