package io.github.skyremote.core.cluster;

import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.Spelling;
import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.sky.ClusterStatus;
import io.github.skyremote.core.sky.SkyCommand;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One planner for provision's real run and dry run: what it decides, the commands it names, and bad input. */
class ProvisionPlanTest {
    private static final SkyCommandBuilder.LaunchOptions NET = new SkyCommandBuilder.LaunchOptions(30, true, false);
    private static final String OLD = "gpu-old-11111";
    private static final SkyCommandBuilder SKY = new SkyCommandBuilder("sky");

    @TempDir
    Path tmp;

    private ClusterNameFile nameFile;
    private Accelerator h100;

    @BeforeEach
    void setUp() throws Exception {
        nameFile = new ClusterNameFile(tmp.resolve(".cluster_name_gpu"), Device.GPU);
        h100 = Accelerator.parse("H100:1", Setting.ACCELERATOR);
    }

    private ClusterLifecycle.ProvisionRequest request(Accelerator accelerator, String explicitName, Path taskFile) {
        return new ClusterLifecycle.ProvisionRequest(Device.GPU, accelerator, "demo", explicitName, nameFile, NET,
                new TaskYaml.Spec(Device.GPU, accelerator, false, null, null, null, taskFile, null),
                SkyCommandBuilder.JobEnvironment.NONE, tmp.resolve("render"));
    }

    private ProvisionPlan plan(Accelerator accelerator, String explicitName) throws BadInputException {
        return ProvisionPlan.make(request(accelerator, explicitName, null), SKY, new Random(7));
    }

    private static Optional<ClusterStatus> status(String name, String state) {
        return Optional.of(new ClusterStatus(name, state, 30, true, true));
    }

    private static List<String> argv(SkyCommand command) {
        return command.argv().subList(1, command.argv().size());
    }

    @Test
    void nothingNamedLaunchesANewClusterWithItsSafetyNet() throws Exception {
        ProvisionPlan plan = plan(h100, null);
        assertTrue(plan.known().isEmpty());
        ProvisionPlan.Launch launch = assertInstanceOf(ProvisionPlan.Launch.class, plan.decide(Optional.empty()));
        String name = ClusterNames.newName(Device.GPU, h100, "demo", new Random(7));
        assertEquals(name, launch.cluster().name());
        Path yaml = tmp.resolve("render").resolve(name + ".sky.yaml");
        assertEquals(yaml, launch.taskFile());
        assertEquals(List.of("launch", yaml.toString(), "--cluster", name, "--yes", "--idle-minutes-to-autostop", "30",
                "--down"), argv(launch.launch()));
        assertEquals(List.of("autostop", "--yes", "--idle-minutes", "30", "--down", name), argv(launch.autostop()));
        assertTrue(launch.taskYaml().contains("accelerators: H100:1"), launch.taskYaml());
        assertTrue(launch.replacing().isEmpty());
        assertFalse(Files.exists(yaml), "planning writes nothing");
    }

    @Test
    void nothingNamedAndNoAcceleratorFailsBeforeAnythingRuns() {
        BadInputException e = assertThrows(BadInputException.class, () -> plan(null, null));
        assertEquals("No accelerator given, and .cluster_name_gpu names no cluster to reuse.", e.getMessage());
        assertTrue(e.fix().toString().contains("H100:1"), e.fix().toString());
    }

    @Test
    void aNamedClusterThatIsUpIsReused() throws Exception {
        nameFile.write(OLD);
        ProvisionPlan plan = plan(h100, null);
        assertEquals(new ClusterRef(OLD, ".cluster_name_gpu", Device.GPU), plan.known().orElseThrow());
        ProvisionPlan.Reuse reuse = assertInstanceOf(ProvisionPlan.Reuse.class, plan.decide(status(OLD, "UP")));
        assertEquals(OLD, reuse.cluster().name());
        assertEquals(List.of("autostop", "--yes", "--idle-minutes", "30", "--down", OLD), argv(reuse.autostop()));
    }

    @Test
    void aNamedClusterThatIsNotUpIsStarted() throws Exception {
        nameFile.write(OLD);
        for (String state : List.of("STOPPED", "INIT")) {
            ProvisionPlan.Start start = assertInstanceOf(ProvisionPlan.Start.class,
                    plan(h100, null).decide(status(OLD, state)), state);
            assertEquals(List.of("start", "--yes", "--idle-minutes-to-autostop", "30", "--down", OLD),
                    argv(start.start()));
            assertEquals(OLD, start.autostop().argv().get(start.autostop().argv().size() - 1));
        }
    }

    @Test
    void aNamedClusterThatIsGoneIsReplacedByANewName() throws Exception {
        nameFile.write(OLD);
        ProvisionPlan.Launch launch = assertInstanceOf(ProvisionPlan.Launch.class,
                plan(h100, null).decide(Optional.empty()));
        assertFalse(launch.cluster().name().equals(OLD));
        assertEquals(OLD, launch.replacing().orElseThrow().name());
    }

    @Test
    void anExplicitNameIsLookedUpAndLaunchedUnderThatName() throws Exception {
        nameFile.write(OLD);
        ProvisionPlan plan = plan(h100, "gpu-mine-22222");
        assertEquals(ClusterRef.named("gpu-mine-22222", Device.GPU), plan.known().orElseThrow());
        ProvisionPlan.Launch launch = assertInstanceOf(ProvisionPlan.Launch.class, plan.decide(Optional.empty()));
        assertEquals("gpu-mine-22222", launch.cluster().name());
        assertTrue(launch.replacing().isEmpty());
    }

    @Test
    void reusingNeedsNoAcceleratorButLaunchingDoes() throws Exception {
        // Rendering the task without an accelerator threw a NullPointerException before any reuse.
        nameFile.write(OLD);
        ProvisionPlan plan = plan(null, null);
        assertInstanceOf(ProvisionPlan.Reuse.class, plan.decide(status(OLD, "UP")));
        assertInstanceOf(ProvisionPlan.Start.class, plan.decide(status(OLD, "STOPPED")));
        BadInputException e = assertThrows(BadInputException.class, () -> plan.decide(Optional.empty()));
        assertEquals("No accelerator given for the new gpu cluster.", e.getMessage());
    }

    @Test
    void aBrokenTaskFileFailsWhenThePlanIsMade() throws Exception {
        Path broken = Files.writeString(tmp.resolve("task.yaml"), "resources: [unclosed\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> ProvisionPlan.make(request(h100, null, broken), SKY, new Random(7)));
        assertTrue(e.getMessage().startsWith("Cannot parse the task file " + broken), e.getMessage());
    }

    /** A dry run's narration: lines said, and "$ " before each command that would run. */
    private static List<String> narrate(ProvisionPlan plan) {
        List<String> out = new ArrayList<>();
        plan.describe(new ProvisionPlan.Narrator() {
            @Override
            public void say(Message line) {
                out.add(line.render(Spelling.NEUTRAL));
            }

            @Override
            public void wouldRun(SkyCommand command) {
                out.add("$ " + command.display());
            }

            @Override
            public void show(String text) {
                out.add("| " + text);
            }
        });
        return out;
    }

    @Test
    void theDryRunOfANewClusterShowsTheLaunchTheTaskAndTheAutostop() throws Exception {
        ProvisionPlan plan = plan(h100, null);
        ProvisionPlan.Launch launch = (ProvisionPlan.Launch) plan.decide(Optional.empty());
        List<String> out = narrate(plan);
        List<String> commands = out.stream().filter(line -> line.startsWith("$ ")).toList();
        assertEquals(List.of("$ " + launch.launch().display(), "$ " + launch.autostop().display()), commands);
        assertTrue(out.get(0).contains("a new one is launched, " + launch.cluster().name()), out.toString());
        int yaml = out.indexOf("| " + launch.taskYaml());
        assertTrue(yaml > 0, out.toString());
        assertEquals("task YAML " + launch.taskFile() + " would be:", out.get(yaml - 1));
    }

    @Test
    void theDryRunOfANamedClusterShowsEachWayItCanGoInOrder() throws Exception {
        nameFile.write(OLD);
        ProvisionPlan plan = plan(h100, null);
        ProvisionPlan.Launch launch = (ProvisionPlan.Launch) plan.decide(Optional.empty());
        List<String> commands = narrate(plan).stream().filter(line -> line.startsWith("$ ")).toList();
        assertEquals(List.of("$ " + SKY.status(OLD, true, true).display(),
                "$ " + SKY.autostop(OLD, 30, true).display(),
                "$ " + SKY.start(OLD, NET).display(),
                "$ " + launch.launch().display(),
                "$ " + launch.autostop().display()), commands);
    }

    @Test
    void theDryRunWithoutAnAcceleratorSaysWhyNoClusterCouldReplaceAGoneOne() throws Exception {
        nameFile.write(OLD);
        List<String> out = narrate(plan(null, null));
        assertEquals(3, out.stream().filter(line -> line.startsWith("$ ")).count(), out.toString());
        assertTrue(out.get(out.size() - 1).startsWith("When gone: No accelerator given for the new gpu cluster."),
                out.toString());
    }
}
