package io.github.skyremote.core.cluster;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.RecordingLog;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.Spelling;
import io.github.skyremote.core.process.Deadline;
import io.github.skyremote.core.process.ScriptedLauncher.Reply;
import io.github.skyremote.core.process.ScriptedLauncher;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyRunSettings;
import io.github.skyremote.core.sky.SkyRunner;
import static io.github.skyremote.core.process.ScriptedLauncher.statusJson;
import static io.github.skyremote.core.process.ScriptedLauncher.statusMissing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The money rules of {@link ClusterLifecycle}, against a scripted {@code sky}: once a launch succeeds the cluster is
 * recorded or torn down, every step is covered by the budget and by interrupts, and reused or started clusters get
 * their safety net checked too.
 */
class ClusterLifecycleTest {
    private static final Accelerator H100 = h100();
    private static final SkyCommandBuilder.LaunchOptions NET = new SkyCommandBuilder.LaunchOptions(30, true, false);
    private static final String OLD = "gpu-old-11111";
    private static final String TRACEBACK = "Traceback (most recent call last):\nRuntimeError: boom\n";

    @TempDir
    Path tmp;

    private static Accelerator h100() {
        try {
            return Accelerator.parse("H100:1", Setting.ACCELERATOR);
        } catch (BadInputException e) {
            throw new IllegalStateException(e);
        }
    }

    private final RecordingLog log = new RecordingLog();
    private ScriptedLauncher sky;
    private ClusterNameFile nameFile;
    private String name;

    @BeforeEach
    void setUp() {
        sky = new ScriptedLauncher(tmp);
        nameFile = new ClusterNameFile(tmp.resolve(".cluster_name_gpu"), Device.GPU);
        name = ClusterNames.newName(Device.GPU, H100, "demo", new Random(7));
    }

    private ClusterLifecycle lifecycle(Deadline deadline) {
        return new ClusterLifecycle(new SkyRunner(sky, tmp, log, 10), new SkyCommandBuilder("sky"),
                SkyRunSettings.builder().build(), deadline, log);
    }

    private ClusterLifecycle.Provisioned provision() throws Exception {
        return provision(lifecycle(Deadline.none()), null);
    }

    private ClusterLifecycle.Provisioned provision(ClusterLifecycle lifecycle, String explicitName) throws Exception {
        return lifecycle.provision(new ClusterLifecycle.ProvisionRequest(Device.GPU, H100, "demo", explicitName,
                nameFile, NET, new TaskYaml.Spec(Device.GPU, H100, false, null, null, null, null, null),
                SkyCommandBuilder.JobEnvironment.NONE, tmp.resolve("render")), new Random(7));
    }

    private RemoteException provisionFails() {
        return assertThrows(RemoteException.class, this::provision);
    }

    private String describe(RemoteException e) {
        return e.describe(Spelling.NEUTRAL) + "\ncalls: " + sky.calls();
    }

    /** A failure to confirm after a launch: torn down, checked gone, no name file, the cluster and a check named. */
    private void assertTornDown(RemoteException e) throws Exception {
        String text = describe(e);
        List<String> subcommands = sky.subcommands();
        assertEquals("launch", subcommands.get(0), text);
        assertEquals(List.of("down", "status"), subcommands.subList(subcommands.size() - 2, subcommands.size()),
                "sky down, then sky status to see it gone: " + text);
        assertTrue(sky.calls().contains(List.of("down", "--yes", name)), text);
        assertTrue(e.getMessage().contains("Cluster " + name + " was launched"), text);
        assertTrue(e.getMessage().contains("It was torn down (sky down -y " + name + ")"), text);
        assertTrue(e.fix().toString().contains("sky status " + name), text);
        assertFalse(Files.exists(nameFile.path()), "no name file: " + text);
    }

    // ---- item 1: after a successful launch, recorded or torn down ----

    @Test
    void launchWithItsSafetyNetIsRecorded() throws Exception {
        sky.on("launch", Reply.ok("Cluster launched: " + name + ".\n"))
                .on("status", Reply.ok(statusJson(name, "UP", 30, true)));
        ClusterLifecycle.Provisioned provisioned = provision();
        assertEquals(name, provisioned.name());
        assertEquals(List.of("launch", "status"), sky.subcommands());
        assertEquals(name + "\n", Files.readString(nameFile.path()));
    }

    @Test
    void unreadableStatusAfterLaunchTearsTheClusterDown() throws Exception {
        sky.on("launch", Reply.ok(""))
                .on("status", Reply.ok("[notice] something else\n{\"half\": \n"), Reply.ok(statusMissing(name)))
                .on("down", Reply.ok("Terminating cluster " + name + "...done.\n"));
        RemoteException e = provisionFails();
        assertTornDown(e);
        assertTrue(e.getMessage().contains("Cannot read the output of sky status"), describe(e));
    }

    @Test
    void failingStatusAfterLaunchTearsTheClusterDown() throws Exception {
        sky.on("launch", Reply.ok(""))
                .on("status", Reply.exit(1, TRACEBACK), Reply.ok(statusMissing(name)))
                .on("down", Reply.ok(""));
        assertTornDown(provisionFails());
    }

    @Test
    void launchedClusterThatStatusDoesNotListIsTornDown() throws Exception {
        sky.on("launch", Reply.ok(""))
                .on("status", Reply.ok(statusMissing(name)))
                .on("down", Reply.ok("Cluster(s) not found (tip: see `sky status`).\n"));
        RemoteException e = provisionFails();
        assertTornDown(e);
        assertTrue(e.getMessage().contains("sky status does not list it"), describe(e));
    }

    @Test
    void failingAutostopAfterLaunchTearsTheClusterDown() throws Exception {
        sky.on("launch", Reply.ok(""))
                .on("status", Reply.ok(statusJson(name, "UP", -1, false)), Reply.ok(statusMissing(name)))
                .on("autostop", Reply.exit(1, TRACEBACK))
                .on("down", Reply.ok(""));
        RemoteException e = provisionFails();
        assertEquals(List.of("launch", "status", "autostop", "down", "status"), sky.subcommands(), describe(e));
        assertTornDown(e);
    }

    @Test
    void autostopThatDoesNotTakeTearsTheClusterDown() throws Exception {
        // sky autostop exits 0 when it skips a cluster (autodown not supported): only sky status tells.
        sky.on("launch", Reply.ok(""))
                .on("status", Reply.ok(statusJson(name, "UP", -1, false)), Reply.ok(statusJson(name, "UP", -1,
                        false)), Reply.ok(statusMissing(name)))
                .on("autostop", Reply.ok("Scheduling autodown on cluster '" + name + "'...skipped.\n"
                        + "  Autodown is not supported on Kubernetes - see reason above.\n"))
                .on("down", Reply.ok(""));
        RemoteException e = provisionFails();
        assertEquals(List.of("launch", "status", "autostop", "status", "down", "status"), sky.subcommands(),
                describe(e));
        assertTornDown(e);
        assertTrue(e.getMessage().contains("still shows no autostop"), describe(e));
        assertTrue(e.getMessage().contains("Autodown is not supported on Kubernetes"), describe(e));
    }

    @Test
    void launchThatLostItsAutostopGetsItBack() throws Exception {
        sky.on("launch", Reply.ok(""))
                .on("status", Reply.ok(statusJson(name, "UP", -1, false)), Reply.ok(statusJson(name, "UP", 30, true)))
                .on("autostop", Reply.ok(""));
        provision();
        assertEquals(List.of("launch", "status", "autostop", "status"), sky.subcommands());
        assertTrue(sky.calls().contains(List.of("autostop", "--yes", "--idle-minutes", "30", "--down", name)));
        assertEquals(name + "\n", Files.readString(nameFile.path()));
    }

    @Test
    void teardownThatCannotBeConfirmedKeepsTheNameFileForRemoteDown() throws Exception {
        sky.on("launch", Reply.ok(""))
                .on("status", Reply.exit(1, TRACEBACK), Reply.ok(statusJson(name, "UP", -1, false)))
                .on("down", Reply.ok("Terminating cluster " + name + "...failed.\nReason: RuntimeError: no.\n"));
        RemoteException e = provisionFails();
        String text = describe(e);
        assertEquals(List.of("launch", "status", "down", "status"), sky.subcommands(), text);
        assertTrue(e.getMessage().contains("Tearing it down failed too: sky status still lists it (UP)"), text);
        assertTrue(e.getMessage().contains(".cluster_name_gpu still names it"), text);
        assertTrue(e.fix().toString().contains("sky status " + name) && e.fix().toString().contains("{down device=gpu}"), text);
        assertEquals(name + "\n", Files.readString(nameFile.path()), "kept for remote:down");
    }

    @Test
    void nameFileThatCannotBeWrittenAfterTheLaunchTearsTheClusterDown() throws Exception {
        // A directory where the name file should go: the move onto it fails after the launch succeeded.
        Files.createDirectories(nameFile.path().resolve("occupied"));
        sky.on("status", Reply.ok(statusMissing(name)))
                .on("launch", Reply.ok(""))
                .on("down", Reply.ok(""));
        RemoteException e = assertThrows(RemoteException.class, () -> provision(lifecycle(Deadline.none()), name));
        String text = describe(e);
        assertEquals(List.of("status", "launch", "down", "status"), sky.subcommands(), text);
        assertTrue(e.getMessage().contains("could not be written") && e.getMessage().contains("torn down"), text);
        assertTrue(e.fix().toString().contains("sky status " + name), text);
    }

    // ---- item 2: the budget and interrupts cover every step ----

    @Test
    void timeoutDuringTheStatusCheckAfterLaunchTearsTheClusterDown() throws Exception {
        // The launch uses up all but half a second of a 100 s budget (a test clock): the status check that follows
        // gets what is left (1 s), not 100 s. It would answer with the safety net after 20 s, too late.
        AtomicLong clock = new AtomicLong();
        Deadline deadline = new Deadline(100, clock::get);
        sky.on("launch", Reply.ok("").onStart(() -> clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(99_500))))
                .on("status", Reply.ok(statusJson(name, "UP", 30, true)).after(20), Reply.ok(statusMissing(name)))
                .on("down", Reply.ok(""));
        RemoteException e = assertThrows(RemoteException.class, () -> provision(lifecycle(deadline), null));
        String text = describe(e);
        assertEquals(List.of("launch", "status", "down", "down", "status"), sky.subcommands(),
                "the runner's clean-up, then the teardown and its check: " + text);
        assertTrue(e.getMessage().contains("did not finish within timeout (100 s for the whole goal)"), text);
        assertTrue(e.fix().toString().contains("{timeout} is a budget for the whole goal"), text);
        assertFalse(Files.exists(nameFile.path()), text);
    }

    @Test
    void interruptDuringTheStatusCheckAfterLaunchTearsTheClusterDownAndKeepsTheRecord() throws Exception {
        sky.on("launch", Reply.ok(""))
                .on("status", Reply.hang())
                .on("down", Reply.ok(""));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread build = new Thread(() -> {
            try {
                provision();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        build.start();
        sky.awaitStart("status");
        build.interrupt();
        build.join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(build.isAlive());
        RemoteException e = (RemoteException) thrown.get();
        String text = describe(e);
        assertEquals(List.of("launch", "status", "down"), sky.subcommands(),
                "sky down from the runner, nothing after it: " + text);
        assertTrue(sky.calls().contains(List.of("down", "--yes", name)), text);
        assertTrue(e.getMessage().contains("sky status " + name + " was interrupted"), text);
        assertTrue(e.getMessage().contains(".cluster_name_gpu still names it"), text);
        assertTrue(e.fix().toString().contains("sky status " + name), text);
        assertEquals(name + "\n", Files.readString(nameFile.path()), "recorded until a check says it is gone");
    }

    @Test
    void interruptDuringTheAutostopResetAfterLaunchTearsTheClusterDown() throws Exception {
        sky.on("launch", Reply.ok(""))
                .on("status", Reply.ok(statusJson(name, "UP", -1, false)))
                .on("autostop", Reply.hang())
                .on("down", Reply.ok(""));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread build = new Thread(() -> {
            try {
                provision();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        build.start();
        sky.awaitStart("autostop");
        build.interrupt();
        build.join(TimeUnit.SECONDS.toMillis(60));
        RemoteException e = (RemoteException) thrown.get();
        assertEquals(List.of("launch", "status", "autostop", "down"), sky.subcommands(), describe(e));
        assertTrue(e.getMessage().contains("sky autostop was interrupted"), describe(e));
    }

    // ---- item 3: reused and started clusters get their safety net checked too ----

    @Test
    void reusedClusterWithItsSafetyNetCostsOneStatus() throws Exception {
        nameFile.write(OLD);
        sky.on("status", Reply.ok(statusJson(OLD, "UP", 30, true)));
        assertEquals(OLD, provision().name());
        assertEquals(List.of("status"), sky.subcommands());
    }

    @Test
    void reusedClusterWithoutAutostopGetsItFromTheRecordItWasReusedBy() throws Exception {
        nameFile.write(OLD);
        sky.on("status", Reply.ok(statusJson(OLD, "UP", -1, false)), Reply.ok(statusJson(OLD, "UP", 30, true)))
                .on("autostop", Reply.ok(""));
        provision();
        assertEquals(List.of("status", "autostop", "status"), sky.subcommands(), "no extra status before it");
        assertTrue(sky.calls().contains(List.of("autostop", "--yes", "--idle-minutes", "30", "--down", OLD)));
        assertTrue(log.warn().stream().anyMatch(line -> line.contains(OLD + " has no autostop")), log.warn()
                .toString());
    }

    @Test
    void reusedClusterWithAutostopButNoAutodownGetsAutodown() throws Exception {
        nameFile.write(OLD);
        sky.on("status", Reply.ok(statusJson(OLD, "UP", 60, false)), Reply.ok(statusJson(OLD, "UP", 30, true)))
                .on("autostop", Reply.ok(""));
        provision();
        assertTrue(sky.calls().contains(List.of("autostop", "--yes", "--idle-minutes", "30", "--down", OLD)));
    }

    @Test
    void reusedClusterWhoseAutostopCannotBeSetIsLeftUpAndTheBuildFails() throws Exception {
        nameFile.write(OLD);
        sky.on("status", Reply.ok(statusJson(OLD, "UP", -1, false)))
                .on("autostop", Reply.exit(1, TRACEBACK));
        RemoteException e = provisionFails();
        String text = describe(e);
        assertEquals(List.of("status", "autostop"), sky.subcommands(), "never torn down or stopped: " + text);
        assertTrue(e.getMessage().contains("Cluster " + OLD + " (from .cluster_name_gpu) is UP without its"), text);
        assertTrue(e.fix().toString().contains("sky status " + OLD), text);
        assertTrue(e.fix().toString().contains("sky autostop --yes --idle-minutes 30 --down " + OLD), text);
        assertEquals(OLD + "\n", Files.readString(nameFile.path()));
    }

    @Test
    void startedClusterIsCheckedAfterTheStart() throws Exception {
        nameFile.write(OLD);
        sky.on("status", Reply.ok(statusJson(OLD, "STOPPED", 30, true)), Reply.ok(statusJson(OLD, "UP", 30, true)))
                .on("start", Reply.ok("Cluster " + OLD + " started.\n"));
        provision();
        assertEquals(List.of("status", "start", "status"), sky.subcommands());
    }

    @Test
    void startedClusterThatLostItsAutostopGetsItBack() throws Exception {
        nameFile.write(OLD);
        sky.on("status", Reply.ok(statusJson(OLD, "STOPPED", -1, false)), Reply.ok(statusJson(OLD, "UP", -1, false)),
                Reply.ok(statusJson(OLD, "UP", 30, true)))
                .on("start", Reply.ok(""))
                .on("autostop", Reply.ok(""));
        provision();
        assertEquals(List.of("status", "start", "status", "autostop", "status"), sky.subcommands());
    }

    @Test
    void startedClusterWhoseSafetyNetCannotBeConfirmedIsStoppedAgain() throws Exception {
        nameFile.write(OLD);
        sky.on("status", Reply.ok(statusJson(OLD, "STOPPED", -1, false)), Reply.exit(1, TRACEBACK),
                Reply.ok(statusJson(OLD, "STOPPED", 30, true)))
                .on("start", Reply.ok(""))
                .on("stop", Reply.ok("Stopping cluster " + OLD + "...done.\n"));
        RemoteException e = provisionFails();
        String text = describe(e);
        assertEquals(List.of("status", "start", "status", "stop", "status"), sky.subcommands(), text);
        assertTrue(sky.calls().contains(List.of("stop", "--yes", OLD)), text);
        assertTrue(e.getMessage().contains("It was stopped again (sky stop -y " + OLD + ")"), text);
        assertTrue(e.fix().toString().contains("sky status " + OLD), text);
    }

    @Test
    void olderCliWithoutStatusJsonGetsItsAutostopSetAgainAfterALaunch() throws Exception {
        // sky status -o json is a usage error before SkyPilot 0.12: the table shows no autostop, so it is set again.
        sky.on("launch", Reply.ok(""))
                .on("status", Reply.exit(2, "Error: No such option: --output\n"), Reply.ok(
                        "Clusters\nNAME  INFRA  RESOURCES  STATUS  AUTOSTOP  LAUNCHED\n" + name
                                + "  GCP  1x(H100:1)  UP  30m (down)  1 min ago\n"))
                .on("autostop", Reply.ok(""));
        provision();
        assertEquals(List.of("launch", "status", "status", "autostop"), sky.subcommands());
        assertEquals(name + "\n", Files.readString(nameFile.path()));
    }

    @Test
    void olderCliLeavesAReusedClustersSettingsAlone() throws Exception {
        nameFile.write(OLD);
        sky.on("status", Reply.exit(2, "Error: No such option: --output\n"), Reply.ok(
                "NAME  INFRA  RESOURCES  STATUS  AUTOSTOP  LAUNCHED\n" + OLD + "  GCP  1x(H100:1)  UP  -  1 min ago\n"));
        provision();
        assertEquals(List.of("status", "status"), sky.subcommands());
    }

    // ---- item 4: status output with other lines around the JSON ----

    @Test
    void reuseReadsTheStatusJsonAmongNoticeLines() throws Exception {
        nameFile.write(OLD);
        sky.on("status", Reply.ok("[notice] a notice that begins with a bracket\n" + statusJson(OLD, "UP", 30, true)
                + "a line after it\n"));
        provision();
        assertEquals(List.of("status"), sky.subcommands());
    }

    @Test
    void missingClusterNoticeBeforeTheJsonMeansGone() throws Exception {
        nameFile.write(OLD);
        sky.on("status", Reply.ok(statusMissing(OLD)), Reply.ok(statusJson(name, "UP", 30, true)))
                .on("launch", Reply.ok(""));
        assertEquals(name, provision().name());
        assertEquals(List.of("status", "launch", "status"), sky.subcommands());
    }

    // ---- issue 12 item 6: the paths where the money is ----

    /** Runs provision on a build thread, interrupts it once the subcommand started, returns what it threw. */
    private RemoteException provisionInterruptedDuring(String subcommand) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread build = new Thread(() -> {
            try {
                provision();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        build.start();
        sky.awaitStart(subcommand);
        build.interrupt();
        build.join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(build.isAlive());
        return (RemoteException) thrown.get();
    }

    @Test
    void stoppedClusterIsStartedWithItsSafetyNetAndKeptInTheNameFile() throws Exception {
        nameFile.write(OLD);
        sky.on("status", Reply.ok(statusJson(OLD, "STOPPED", 30, true)), Reply.ok(statusJson(OLD, "UP", 30, true)))
                .on("start", Reply.ok(""));
        ClusterLifecycle.Provisioned provisioned = provision();
        assertEquals(OLD, provisioned.name());
        assertFalse(provisioned.launched());
        assertEquals(List.of("start", "--yes", "--idle-minutes-to-autostop", "30", "--down", OLD), sky.calls().get(1));
        assertEquals(OLD + "\n", Files.readString(nameFile.path()));
        assertTrue(log.info().contains("Cluster " + OLD + " is STOPPED; starting it."), log.info().toString());
    }

    @Test
    void startThatFailsFailsTheBuildAndKeepsTheRecord() throws Exception {
        nameFile.write(OLD);
        sky.on("status", Reply.ok(statusJson(OLD, "STOPPED", 30, true)))
                .on("start", Reply.exit(1, TRACEBACK));
        RemoteException e = provisionFails();
        assertEquals(List.of("status", "start"), sky.subcommands(), describe(e));
        assertEquals("sky start failed (exit code 1): RuntimeError: boom", e.getMessage());
        assertEquals(OLD + "\n", Files.readString(nameFile.path()));
    }

    @Test
    void interruptedStartStopsTheClusterAgain() throws Exception {
        nameFile.write(OLD);
        sky.on("status", Reply.ok(statusJson(OLD, "STOPPED", 30, true)))
                .on("start", Reply.hang())
                .on("stop", Reply.ok(""));
        RemoteException e = provisionInterruptedDuring("start");
        String text = describe(e);
        assertEquals(List.of("status", "start", "stop"), sky.subcommands(), text);
        assertTrue(sky.calls().contains(List.of("stop", "--yes", OLD)), text);
        assertTrue(e.getMessage().startsWith("Starting " + OLD + " was interrupted"), text);
    }

    @Test
    void olderCliStartsAStoppedClusterFromItsTableAndSetsItsAutostopAgain() throws Exception {
        nameFile.write(OLD);
        String usage = "Error: No such option: --output\n";
        String table = "NAME  INFRA  RESOURCES  STATUS  AUTOSTOP  LAUNCHED\n" + OLD
                + "  GCP  1x(H100:1)  %s  -  1 min ago\n";
        sky.on("status", Reply.exit(2, usage), Reply.ok(String.format(table, "STOPPED")), Reply.exit(2, usage),
                Reply.ok(String.format(table, "UP")))
                .on("start", Reply.ok(""))
                .on("autostop", Reply.ok(""));
        provision();
        assertEquals(List.of("status", "status", "start", "status", "status", "autostop"), sky.subcommands());
        assertEquals(List.of("status", "--refresh", OLD), sky.calls().get(1), "the table, without -o json");
        assertTrue(sky.calls().contains(List.of("autostop", "--yes", "--idle-minutes", "30", "--down", OLD)));
    }

    @Test
    void olderCliWhoseTableFailsTooFailsTheBuildBeforeAnythingStarts() throws Exception {
        nameFile.write(OLD);
        sky.on("status", Reply.exit(2, "Error: No such option: --output\n"), Reply.exit(1, TRACEBACK));
        RemoteException e = provisionFails();
        assertEquals(List.of("status", "status"), sky.subcommands(), describe(e));
        assertEquals("sky status failed (exit code 1): RuntimeError: boom", e.getMessage());
    }

    @Test
    void failedLaunchIsTornDownAndCheckedGone() throws Exception {
        sky.on("launch", Reply.exit(1, "sky.exceptions.ResourcesUnavailableError: Failed to provision all"
                        + " possible launchable resources.\n"))
                .on("down", Reply.ok("Cluster(s) not found (tip: see `sky status`).\n"))
                .on("status", Reply.ok(statusMissing(name)));
        RemoteException e = provisionFails();
        String text = describe(e);
        assertEquals(List.of("launch", "down", "status"), sky.subcommands(), "sky down, then checked gone: " + text);
        assertTrue(sky.calls().contains(List.of("down", "--yes", name)), text);
        assertTrue(e.getMessage().startsWith("Launching " + name + " failed: sky.exceptions.ResourcesUnavailableError"),
                text);
        assertTrue(e.getMessage().contains("No name file was written; ran `sky down -y " + name + "` and sky status"
                + " no longer lists it."), text);
        assertTrue(e.fix().toString().contains("sky gpus list"), text);
        assertFalse(Files.exists(nameFile.path()), text);
    }

    @Test
    void failedLaunchWhoseTeardownIsNotConfirmedNamesTheCommandToFinishIt() throws Exception {
        // sky down exits 0 even when the teardown failed: only sky status tells.
        sky.on("launch", Reply.exit(1, TRACEBACK))
                .on("down", Reply.ok("Terminating cluster " + name + "...failed.\nReason: RuntimeError: no.\n"))
                .on("status", Reply.ok(statusJson(name, "INIT", -1, false)));
        RemoteException e = provisionFails();
        String text = describe(e);
        assertEquals(List.of("launch", "down", "status"), sky.subcommands(), text);
        assertTrue(e.getMessage().contains("tearing down what it may have created failed too: sky status still lists"
                + " it (INIT)"), text);
        assertTrue(e.fix().toString().contains("sky status " + name) && e.fix().toString().contains("sky down -y " + name), text);
        assertFalse(Files.exists(nameFile.path()), text);
    }

    @Test
    void launchThatRunsOutOfTimeIsTornDownByTheRunner() throws Exception {
        sky.on("launch", Reply.hang())
                .on("down", Reply.ok(""));
        RemoteException e = assertThrows(RemoteException.class, () -> provision(lifecycle(Deadline.startingNow(1)),
                null));
        String text = describe(e);
        assertEquals(List.of("launch", "down"), sky.subcommands(), text);
        assertTrue(sky.calls().contains(List.of("down", "--yes", name)), text);
        assertTrue(e.getMessage().startsWith("Launching " + name + " did not finish within"), text);
        assertTrue(e.getMessage().contains("the cluster was torn down (`sky down --yes " + name + "`)"), text);
        assertTrue(e.getMessage().endsWith("No name file was written."), text);
        assertTrue(e.fix().toString().contains("sky status " + name), text);
        assertFalse(Files.exists(nameFile.path()), text);
    }

    @Test
    void interruptedLaunchIsTornDownByTheRunner() throws Exception {
        sky.on("launch", Reply.hang())
                .on("down", Reply.ok(""));
        RemoteException e = provisionInterruptedDuring("launch");
        String text = describe(e);
        assertEquals(List.of("launch", "down"), sky.subcommands(), text);
        assertTrue(sky.calls().contains(List.of("down", "--yes", name)), text);
        assertTrue(e.getMessage().startsWith("Launching " + name + " was interrupted"), text);
        assertFalse(Files.exists(nameFile.path()), text);
    }
}
