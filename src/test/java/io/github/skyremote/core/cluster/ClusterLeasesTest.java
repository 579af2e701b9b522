package io.github.skyremote.core.cluster;

import io.github.skyremote.core.IsolatedClasses;
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

    /** The format Jackson's data binding wrote (the plugin before issue 15): builds of both versions may share leases. */
    private static final String LEASE_JSON = "{\"id\":\"7-00000001\",\"pid\":7,\"processStart\":1234,"
            + "\"command\":\"mvn verify\",\"users\":[\"g:a\",\"g:b\"],\"finished\":[\"g:a\"],\"teardown\":true,"
            + "\"keep\":false,\"cluster\":null,\"done\":false}";

    @Test
    void leasesAreWrittenAndReadInTheDataBindingFormat() throws Exception {
        ClusterLeases leases = new ClusterLeases(nameFile());
        ClusterLeases.Lease lease = new ClusterLeases.Lease("7-00000001", 7, 1234L, "mvn verify",
                List.of("g:a", "g:b"), List.of("g:a"), true, false, null, false);
        leases.write(lease);
        assertEquals(LEASE_JSON, Files.readString(leases.directory().resolve("7-00000001.json")));

        Files.writeString(leases.directory().resolve("8-00000002.json"), "{\"id\":\"8-00000002\",\"pid\":8,"
                + "\"processStart\":null,\"someday\":{\"a\":[1,{\"b\":2}]},\"users\":[\"g:c\"],\"cluster\":\"c-1\","
                + "\"done\":true}");
        assertEquals(new ClusterLeases.Lease("8-00000002", 8, null, null, List.of("g:c"), List.of(), false, false,
                "c-1", true), leases.read("8-00000002").orElseThrow(), "unknown fields skipped, missing ones default");

        leases.requestTeardown(new ClusterLeases.TeardownRequest("gpu-demo-12345", 9, "mvn verify"));
        assertEquals("{\"cluster\":\"gpu-demo-12345\",\"pid\":9,\"command\":\"mvn verify\"}",
                Files.readString(leases.directory().resolve("teardown-request.json")));
    }

    @Test
    void aLeaseThatIsNoLeaseIsIgnoredWithAWarning() throws Exception {
        ClusterLeases leases = new ClusterLeases(nameFile(), (pid, start) -> true);
        leases.write(lease("1-a", 1, null));
        Files.writeString(leases.directory().resolve("2-b.json"), "{\"id\":\"2-b\",\"pid\":\"two\"}");
        Files.writeString(leases.directory().resolve("3-c.json"), "{\"id\":\"3-c\",\"users\":[null]}");
        Files.writeString(leases.directory().resolve("4-d.json"), "[\"4-d\"]");
        Files.writeString(leases.directory().resolve("5-e.json"), "{\"id\":\"5-e\",");
        Files.writeString(leases.directory().resolve("6-f.json"), "{\"id\":\"6-f\",\"pid\":6}");
        List<ClusterLeases.Lease> others = leases.liveOthers("1-a", log);
        assertEquals(List.of("6-f"), others.stream().map(ClusterLeases.Lease::id).toList());
        assertEquals(4, log.warn.stream().filter(line -> line.startsWith("Ignoring the unreadable lease")).count(),
                log.warn.toString());
    }

    /** Issue 15: every remote goal writes and reads its lease; Jackson's data binding must not load for it (memory). */
    @Test
    void leasesLoadNoObjectMapper() throws Exception {
        try (IsolatedClasses classes = new IsolatedClasses()) {
            Class<?> fileType = classes.loadClass(ClusterNameFile.class.getName());
            Class<?> deviceType = classes.loadClass(Device.class.getName());
            Object file = fileType.getConstructor(Path.class, deviceType).newInstance(root.resolve(".cluster_name_gpu"),
                    deviceType.getField("GPU").get(null));
            Class<?> leasesType = classes.loadClass(ClusterLeases.class.getName());
            Class<?> leaseType = classes.loadClass(ClusterLeases.Lease.class.getName());
            Object leases = leasesType.getConstructor(fileType).newInstance(file);
            Object lease = leaseType.getConstructors()[0].newInstance("1-a", 1L, null, "mvn verify", List.of("g:a"),
                    List.of(), false, false, null, false);
            leasesType.getMethod("write", leaseType).invoke(leases, lease);
            assertEquals(java.util.Optional.of(lease), leasesType.getMethod("read", String.class).invoke(leases, "1-a"));
            assertTrue(classes.loaded("com.fasterxml.jackson.core.JsonFactory"), "Jackson writes it");
            assertFalse(classes.loaded("com.fasterxml.jackson.databind.ObjectMapper"), "ObjectMapper loaded");
        }
    }
}
