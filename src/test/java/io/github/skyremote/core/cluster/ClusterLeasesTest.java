package io.github.skyremote.core.cluster;

import io.github.skyremote.core.RecordingLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLeasesTest {
    @TempDir
    Path root;

    private final RecordingLog log = new RecordingLog();

    private ClusterNameFile nameFile() {
        return new ClusterNameFile(root.resolve(".cluster_name_gpu"), Device.GPU);
    }

    private static ClusterLeases.Lease lease(String id, long pid, Long start) {
        return new ClusterLeases.Lease(id, pid, start, "verify", List.of("g:a", "g:b"), List.of("g:a"), true, false,
                null, false);
    }

    @Test
    void leasesLiveBesideTheNameFileAndRoundTrip() throws Exception {
        ClusterLeases leases = new ClusterLeases(nameFile());
        assertEquals(root.resolve(".cluster_name_gpu.leases"), leases.directory());
        ClusterLeases.Lease mine = lease("7-00000001", 7, 1234L);
        leases.write(mine);
        assertEquals(mine, leases.read("7-00000001").orElseThrow());
        assertEquals(List.of("g:b"), mine.unfinished());
        leases.delete("7-00000001");
        assertFalse(Files.exists(leases.directory()), "an empty lease directory is removed");
    }

    @Test
    void othersAreThoseWhoseProcessRuns() throws Exception {
        ClusterLeases leases = new ClusterLeases(nameFile(), (pid, start) -> pid != 2);
        leases.write(lease("1-a", 1, null));
        leases.write(lease("2-b", 2, null));
        leases.write(lease("3-c", 3, null));
        List<ClusterLeases.Lease> others = leases.liveOthers("1-a", log);
        assertEquals(List.of("3-c"), others.stream().map(ClusterLeases.Lease::id).toList());
        assertFalse(Files.exists(leases.directory().resolve("2-b.json")), "the stale lease is removed");
        assertTrue(Files.exists(leases.directory().resolve("1-a.json")));
    }

    @Test
    void theSystemProbeKnowsThisProcessAndAReusedPid() throws Exception {
        long pid = ProcessHandle.current().pid();
        Long start = ClusterLeases.currentProcessStart();
        assertTrue(ClusterLeases.ProcessProbe.SYSTEM.alive(pid, start));
        assertTrue(ClusterLeases.ProcessProbe.SYSTEM.alive(pid, null));
        if (start != null) {
            assertFalse(ClusterLeases.ProcessProbe.SYSTEM.alive(pid, start - 60_000),
                    "same pid, another start time: another process");
        }
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertFalse(ClusterLeases.ProcessProbe.SYSTEM.alive(gone.pid(), null));
    }

    @Test
    void aTeardownRequestIsKeptUntilCleared() throws Exception {
        ClusterLeases leases = new ClusterLeases(nameFile());
        assertTrue(leases.teardownRequest().isEmpty());
        leases.requestTeardown(new ClusterLeases.TeardownRequest("gpu-demo-12345", 9, "verify"));
        assertEquals("gpu-demo-12345", leases.teardownRequest().orElseThrow().cluster());
        assertTrue(leases.liveOthers("x", log).isEmpty(), "the request is no lease");
        leases.clearTeardownRequest();
        assertFalse(Files.exists(leases.directory()));
    }

    @Test
    void idsCarryThePid() {
        assertTrue(ClusterLeases.newId(4321, new Random(1)).matches("4321-[0-9a-f]{8}"));
    }
}
