package io.github.skyremote.core.cluster;

import io.github.skyremote.core.RecordingLog;
import io.github.skyremote.core.SkyFailedException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedClusterTest {
    private static final String CLUSTER = "gpu-demo-12345";

    @TempDir
    Path root;

    private final RecordingLog log = new RecordingLog();
    /** Pids whose builds are gone. */
    private final Set<Long> dead = ConcurrentHashMap.newKeySet();
    /** Clusters torn down, in order. */
    private final List<String> tornDown = new ArrayList<>();
    private final SharedCluster.Teardown teardown = tornDown::add;

    private ClusterNameFile nameFile() {
        return new ClusterNameFile(root.resolve(".cluster_name_gpu"), Device.GPU);
    }

    private SharedCluster build(long pid) {
        ClusterLeases leases = new ClusterLeases(nameFile(), (p, start) -> !dead.contains(p));
        return new SharedCluster(nameFile(), Device.GPU, leases, pid + "-0000000" + pid, pid, null, log);
    }

    private static SharedCluster.Membership members(boolean teardown, boolean keep, String... users) {
        return new SharedCluster.Membership("mvn verify", Set.of(users), Set.of(), teardown, keep);
    }

    private static ClusterLeases.Lease lease(List<String> users, List<String> finished, boolean teardown,
            boolean keep, boolean done) {
        return new ClusterLeases.Lease("1-x", 1, null, "verify", users, finished, teardown, keep, null, done);
    }

    @Test
    void theRule() {
        List<ClusterLeases.Lease> none = List.of();
        List<ClusterLeases.Lease> another = List.of(lease(List.of("g:p"), List.of(), true, false, false));
        assertEquals(SharedCluster.Decision.WAIT_FOR_MODULES,
                SharedCluster.decide(lease(List.of("g:a", "g:b"), List.of("g:a"), true, false, false), none, false));
        assertEquals(SharedCluster.Decision.TEAR_DOWN,
                SharedCluster.decide(lease(List.of("g:a", "g:b"), List.of("g:a", "g:b"), true, false, false), none,
                        false));
        assertEquals(SharedCluster.Decision.WAIT_FOR_BUILDS,
                SharedCluster.decide(lease(List.of("g:a"), List.of("g:a"), true, false, false), another, false));
        assertEquals(SharedCluster.Decision.NOT_WANTED,
                SharedCluster.decide(lease(List.of("g:a"), List.of("g:a"), false, false, false), none, false));
        assertEquals(SharedCluster.Decision.TEAR_DOWN,
                SharedCluster.decide(lease(List.of("g:a"), List.of("g:a"), false, false, false), none, true),
                "another build left the teardown to the last one");
        assertEquals(SharedCluster.Decision.KEEP,
                SharedCluster.decide(lease(List.of("g:a"), List.of("g:a"), true, true, false), none, false));
        assertEquals(SharedCluster.Decision.HANDLED,
                SharedCluster.decide(lease(List.of("g:a"), List.of("g:a"), true, false, true), none, false));
    }

    @Test
    void theLastModuleOfTheBuildTearsDown() throws Exception {
        nameFile().write(CLUSTER);
        SharedCluster shared = build(11);
        SharedCluster.Membership m = members(true, false, "g:a", "g:b", "g:c");
        for (String module : List.of("g:a", "g:b", "g:c")) {
            shared.join(m, module, null);
        }
        SharedCluster.Outcome first = shared.moduleDone("g:a", SharedCluster.Moment.DOWN_GOAL, false, teardown);
        assertEquals(SharedCluster.Decision.WAIT_FOR_MODULES, first.decision());
        assertEquals(List.of("b", "c"), first.modules());
        assertTrue(log.info().contains("Cluster " + CLUSTER + " stays up: modules b, c of this build still use it;"
                + " the last of them tears it down."), log.info().toString());
        shared.moduleDone("g:b", SharedCluster.Moment.DOWN_GOAL, false, teardown);
        assertEquals(List.of(), tornDown);
        assertEquals(SharedCluster.Decision.TEAR_DOWN,
                shared.moduleDone("g:c", SharedCluster.Moment.DOWN_GOAL, false, teardown).decision());
        assertEquals(List.of(CLUSTER), tornDown);
        assertEquals(SharedCluster.Decision.HANDLED, shared.buildEnds(SharedCluster.Moment.BUILD_ENDS, teardown)
                .decision());
        assertEquals(List.of(CLUSTER), tornDown, "once");
        assertFalse(Files.exists(root.resolve(".cluster_name_gpu.leases")), "the lease is given up");
    }

    @Test
    void usersThatEndWithoutTheirDownAreSettledAtTheBuildsEnd() throws Exception {
        nameFile().write(CLUSTER);
        SharedCluster shared = build(12);
        shared.join(members(true, false, "g:a", "g:b"), "g:a", null);
        // a failed before its down; b was skipped and never said anything
        assertEquals(SharedCluster.Decision.WAIT_FOR_MODULES,
                shared.moduleDone("g:a", SharedCluster.Moment.MODULE_ENDED, false, teardown).decision());
        assertEquals(List.of(), tornDown);
        assertEquals(SharedCluster.Decision.TEAR_DOWN,
                shared.buildEnds(SharedCluster.Moment.BUILD_ENDS, teardown).decision());
        assertEquals(List.of(CLUSTER), tornDown);
        assertTrue(log.info().contains("Tearing down cluster " + CLUSTER
                + ": the build ends and no module uses it any more."), log.info().toString());
    }

    @Test
    void aBuildWithoutDownLeavesTheCluster() throws Exception {
        nameFile().write(CLUSTER);
        SharedCluster shared = build(13);
        shared.join(members(false, false, "g:a"), "g:a", null);
        assertEquals(SharedCluster.Decision.NOT_WANTED,
                shared.buildEnds(SharedCluster.Moment.BUILD_ENDS, teardown).decision());
        assertEquals(List.of(), tornDown);
    }

    @Test
    void anotherLiveBuildKeepsItUpAndTheLastBuildTearsItDown() throws Exception {
        nameFile().write(CLUSTER);
        SharedCluster first = build(21);
        SharedCluster second = build(22);
        first.join(members(true, false, "g:a"), "g:a", null);
        // The second build binds no remote:down (say `mvn remote:exec`): it still tears down, as the last user,
        // what the first build asked for.
        second.join(members(false, false, "g:a"), "g:a", null);
        SharedCluster.Outcome outcome = first.moduleDone("g:a", SharedCluster.Moment.DOWN_GOAL, false, teardown);
        assertEquals(SharedCluster.Decision.WAIT_FOR_BUILDS, outcome.decision());
        assertEquals(22, outcome.builds().get(0).pid());
        assertTrue(log.info().stream().anyMatch(l -> l.startsWith("Cluster " + CLUSTER
                + " stays up: another build uses it (pid 22, mvn verify)")), log.info().toString());
        first.buildEnds(SharedCluster.Moment.BUILD_ENDS, teardown);
        assertEquals(List.of(), tornDown, "never under another build");
        assertEquals(SharedCluster.Decision.TEAR_DOWN,
                second.buildEnds(SharedCluster.Moment.BUILD_ENDS, teardown).decision());
        assertEquals(List.of(CLUSTER), tornDown);
        assertTrue(log.info().contains("Tearing down cluster " + CLUSTER + ": another build (pid 21) asked for it"
                + " and this build is the last to use it."), log.info().toString());
        assertFalse(Files.exists(root.resolve(".cluster_name_gpu.leases")), "no lease or request is left");
    }

    @Test
    void aDeadBuildsLeaseIsIgnoredAndRemoved() throws Exception {
        nameFile().write(CLUSTER);
        SharedCluster crashed = build(31);
        crashed.join(members(true, false, "g:a"), "g:a", null);
        dead.add(31L);
        SharedCluster shared = build(32);
        shared.join(members(true, false, "g:a"), "g:a", null);
        assertEquals(SharedCluster.Decision.TEAR_DOWN,
                shared.moduleDone("g:a", SharedCluster.Moment.DOWN_GOAL, false, teardown).decision());
        assertFalse(Files.exists(root.resolve(".cluster_name_gpu.leases/31-000000031.json")));
    }

    @Test
    void aRequestForAnotherClusterIsDropped() throws Exception {
        nameFile().write(CLUSTER);
        ClusterLeases leases = new ClusterLeases(nameFile());
        leases.requestTeardown(new ClusterLeases.TeardownRequest("gpu-old-00001", 5, "verify"));
        SharedCluster shared = build(41);
        shared.join(members(false, false, "g:a"), "g:a", null);
        assertEquals(SharedCluster.Decision.NOT_WANTED,
                shared.buildEnds(SharedCluster.Moment.BUILD_ENDS, teardown).decision());
        assertTrue(leases.teardownRequest().isEmpty());
    }

    @Test
    void keepSaysHowToTearDown() throws Exception {
        nameFile().write(CLUSTER);
        SharedCluster shared = build(51);
        shared.join(members(true, false, "g:a"), "g:a", null);
        assertEquals(SharedCluster.Decision.KEEP,
                shared.moduleDone("g:a", SharedCluster.Moment.DOWN_GOAL, true, teardown).decision());
        assertEquals(List.of(), tornDown);
        assertTrue(log.info().contains("Cluster " + CLUSTER + " is kept (keep): it stays up after the build,"
                + " with the autostop provision set. Tear it down when done: sky down -y " + CLUSTER
                + "   (or: {down device=gpu (once)})"), log.info().toString());
        assertEquals(SharedCluster.Decision.HANDLED,
                shared.buildEnds(SharedCluster.Moment.BUILD_ENDS, teardown).decision(), "said once");
    }

    @Test
    void aFailedTeardownIsNotRepeatedAtTheEnd() throws Exception {
        nameFile().write(CLUSTER);
        SharedCluster shared = build(61);
        shared.join(members(true, false, "g:a"), "g:a", null);
        SharedCluster.Teardown failing = name -> {
            tornDown.add(name);
            throw new SkyFailedException("still listed", "retry");
        };
        assertThrows(SkyFailedException.class,
                () -> shared.moduleDone("g:a", SharedCluster.Moment.DOWN_GOAL, false, failing));
        shared.buildEnds(SharedCluster.Moment.BUILD_ENDS, failing);
        assertEquals(List.of(CLUSTER), tornDown);
    }

    @Test
    void aModuleUsingTheClusterAgainReopensIt() throws Exception {
        nameFile().write(CLUSTER);
        SharedCluster shared = build(71);
        shared.join(members(true, false, "g:a"), "g:a", null);
        shared.moduleDone("g:a", SharedCluster.Moment.DOWN_GOAL, false, teardown);
        // A module the plan did not know joins after the teardown (and provisions a new cluster).
        nameFile().write("gpu-demo-22222");
        shared.join(members(true, false, "g:a"), "g:late", null);
        assertEquals(SharedCluster.Decision.TEAR_DOWN,
                shared.buildEnds(SharedCluster.Moment.BUILD_ENDS, teardown).decision());
        assertEquals(List.of(CLUSTER, "gpu-demo-22222"), tornDown);
    }

    @Test
    void anExplicitClusterIsTheOneTornDown() throws Exception {
        nameFile().write(CLUSTER);
        SharedCluster shared = build(81);
        shared.join(members(true, false, "g:a"), "g:a", "gpu-mine-1");
        shared.buildEnds(SharedCluster.Moment.BUILD_ENDS, teardown);
        assertEquals(List.of("gpu-mine-1"), tornDown);
    }

    @Test
    void nothingToTearDownWithoutANameFile() throws Exception {
        SharedCluster shared = build(91);
        shared.join(members(true, false, "g:a"), "g:a", null);
        assertEquals(SharedCluster.Decision.TEAR_DOWN,
                shared.moduleDone("g:a", SharedCluster.Moment.DOWN_GOAL, false, teardown).decision());
        assertEquals(List.of(), tornDown);
        assertTrue(log.info().contains("Nothing to tear down: .cluster_name_gpu does not exist in " + root + "."),
                log.info().toString());
    }
}
