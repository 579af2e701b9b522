package io.github.skyremote.core.sky;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.cluster.Accelerator;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.cluster.TaskYaml;
import io.github.skyremote.core.job.JobEpilogue;
import io.github.skyremote.core.job.JobPlanner;
import io.github.skyremote.core.job.PytestRun;
import io.github.skyremote.core.job.PythonInvocation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link SkyCommandBuilder} (through {@link JobPlanner} and {@link TaskYaml}, as the goals do) across every
 * option the plugin can emit, and writes each argv to {@code target/sky-argv-corpus/unit.jsonl}: the unit half of the
 * corpus that {@code src/build/sky_conformance.py} hands to the real SkyPilot CLI's parser in the {@code verify}
 * phase. The paths in it (workdir, task YAML) are real files under {@code target/sky-argv-corpus/}, because the real
 * CLI checks that {@code --workdir} exists.
 */
class SkyArgvCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize()
            .resolve("target/sky-argv-corpus");

    /** Fixed, so the corpus is the same from run to run. */
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String REPORT_ID = "fedcba9876543210fedcba9876543210";

    private final List<ObjectNode> records = new ArrayList<>();
    private final Set<List<String>> distinct = new LinkedHashSet<>();

    @Test
    void writesTheUnitCorpus() throws Exception {
        Path project = project();
        SkyCommandBuilder sky = new SkyCommandBuilder("sky");
        Map<String, String> processEnv = Map.of("HF_TOKEN", "hf_xxxx", "WANDB_API_KEY", "wandb_yyyy");

        List<Map<String, String>> envs = List.of(Map.of(), ordered("ZETA", "1", "ALPHA", "two words", "EMPTY", ""),
                ordered("MSG", "it's $HOME; rm -rf / `x` \"q\"", "CUDA_VISIBLE_DEVICES", "0,1", "PATHLIKE", "a=b=c"));
        List<List<String>> secrets = List.of(List.of(), List.of("HF_TOKEN"), List.of("HF_TOKEN", "WANDB_API_KEY"));

        // exec and pytest, on both devices, with and without --gpus, env, secrets, detach.
        for (Device device : Device.values()) {
            List<String> gpusChoices = device == Device.GPU ? java.util.Arrays.asList(null, "H100:1", "A100-80GB:8",
                    "L4") : java.util.Arrays.asList(null, "tpu-v6e-8", "tpu-v5litepod-4:1");
            for (String gpus : gpusChoices) {
                for (int e = 0; e < envs.size(); e++) {
                    for (int s = 0; s < secrets.size(); s++) {
                        for (boolean detach : new boolean[] {false, true}) {
                            if ((e + s) % 2 == 1 && detach) {
                                continue; // keep the corpus small: detach is independent of env/secrets
                            }
                            PythonInvocation script = PythonInvocation.script("src/train.py",
                                    List.of("--steps", "100", "--name", "a b", "", "--yes", "-y", "--", "$x"),
                                    new JobEpilogue(TOKEN, REPORT_ID));
                            add("exec", "exec " + device.id() + " gpus=" + gpus, job(sky, device, project, script,
                                    null, gpus, envs.get(e), secrets.get(s), detach, processEnv));
                            PytestRun pytest = new PytestRun(e == 0 ? "tests" : "tests/test_math.py::test_add",
                                    e == 0 ? List.of() : List.of("-k", "a and not b", "-x", "--tb=short"),
                                    new JobEpilogue(TOKEN, REPORT_ID));
                            add("pytest", "pytest " + device.id() + " gpus=" + gpus, job(sky, device, project,
                                    pytest, null, gpus, envs.get(e), secrets.get(s), detach, processEnv));
                        }
                    }
                }
            }
        }
        // Explicit groups and extras, and no CUDA export.
        add("exec", "exec groups", job(sky, Device.GPU, project, PythonInvocation.script("src/train.py", List.of(),
                new JobEpilogue(TOKEN, REPORT_ID)),
                List.of("dev", "lint"), null, Map.of(), List.of(), false, processEnv));

        // provision: launch (rendered task YAML), start, autostop, status, stop, and the down after a failed launch.
        String[] accelerators = {"H100:1", "A100-80GB:8", "tpu-v6e-8", "tpu-v5litepod-4"};
        for (String acc : accelerators) {
            Device device = acc.startsWith("tpu-") ? Device.TPU : Device.GPU;
            String cluster = device == Device.TPU ? "tpu-" + acc.replace(':', '-') + "-demo-12345" : "gpu-demo-12345";
            for (boolean spot : new boolean[] {false, true}) {
                Path yaml = DIR.resolve("tasks/" + cluster + (spot ? "-spot" : "") + ".sky.yaml");
                Files.createDirectories(yaml.getParent());
                Files.writeString(yaml, TaskYaml.render(new TaskYaml.Spec(device, Accelerator.parse(acc, Setting.ACCELERATOR),
                        spot, spot ? "gcp/us-central1" : null, spot ? 2 : null, null, null,
                        device == Device.TPU && spot ? "tpu-vm-base" : null)), StandardCharsets.UTF_8);
                for (int idle : new int[] {30, 0}) {
                    for (boolean autodown : new boolean[] {true, false}) {
                        for (boolean retry : new boolean[] {false, true}) {
                            SkyCommandBuilder.LaunchOptions options = new SkyCommandBuilder.LaunchOptions(idle,
                                    autodown, retry);
                            add("provision", "launch " + acc, sky.launch(yaml, cluster, options,
                                    spot ? new SkyCommandBuilder.JobEnvironment(envs.get(1), secrets.get(2))
                                            : SkyCommandBuilder.JobEnvironment.NONE));
                            add("provision", "start", sky.start(cluster, options));
                        }
                    }
                }
            }
        }
        for (boolean down : new boolean[] {true, false}) {
            add("provision", "autostop", sky.autostop("gpu-demo-12345", 30, down));
            add("provision", "autostop", sky.autostop("gpu-demo-12345", 1, down));
        }
        for (boolean json : new boolean[] {true, false}) {
            for (boolean refresh : new boolean[] {true, false}) {
                add("provision", "status", sky.status("gpu-demo-12345", json, refresh));
                add("down", "status", sky.status("tpu-v6e-8-demo-12345", json, refresh));
            }
        }
        add("provision", "stop", sky.stop("gpu-demo-12345"));
        add("provision", "version", sky.version());
        // down, and the cleanup of an interrupted job.
        for (boolean purge : new boolean[] {false, true}) {
            add("down", "down", sky.down("gpu-demo-12345", purge));
            add("down", "down", sky.down("tpu-v6e-8-demo-12345", purge));
        }
        add("exec", "cancel", sky.cancel("gpu-demo-12345", 7));
        add("pytest", "cancel", sky.cancel("tpu-v6e-8-demo-12345", 1));

        Path out = DIR.resolve("unit.jsonl");
        StringBuilder text = new StringBuilder();
        for (ObjectNode record : records) {
            text.append(JSON.writeValueAsString(record)).append('\n');
        }
        Files.writeString(out, text.toString(), StandardCharsets.UTF_8);

        assertTrue(distinct.size() >= 50, "distinct argv: " + distinct.size());
        Set<String> subcommands = new LinkedHashSet<>();
        for (List<String> argv : distinct) {
            subcommands.add(argv.get(0));
        }
        assertEquals(Set.of("exec", "launch", "start", "autostop", "status", "--version", "down", "cancel", "stop"),
                subcommands);
    }

    private SkyCommand job(SkyCommandBuilder sky, Device device, Path project, PythonInvocation invocation,
            List<String> groups, String gpus, Map<String, String> env, List<String> secrets, boolean detach,
            Map<String, String> processEnv) throws BadInputException {
        JobPlanner.PlannedJob planned = JobPlanner.plan(new JobPlanner.JobRequest(device, project, invocation, null,
                groups, null, gpus, env, secrets, detach), processEnv);
        return planned.command(sky, new ClusterRef(device == Device.GPU ? "gpu-demo-12345" : "tpu-v6e-8-demo-12345",
                "corpus", device));
    }

    private void add(String goal, String kase, SkyCommand command) {
        List<String> argv = command.argv().subList(1, command.argv().size());
        // The dry-run text is the same command: what a user pastes must split back into this argv.
        assertEquals(command.argv(), ShellWords.split(command.display()));
        if (!distinct.add(List.copyOf(argv))) {
            return;
        }
        ObjectNode record = JSON.createObjectNode();
        record.putPOJO("argv", argv);
        record.put("source", "unit");
        record.put("goal", goal);
        record.put("case", kase);
        record.put("display", command.display());
        record.put("cwd", DIR.toString());
        records.add(record);
    }

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** A real project for the planner's checks and for the real CLI's {@code --workdir} (which must exist). */
    private static Path project() throws IOException {
        Path project = DIR.resolve("project");
        Files.createDirectories(project.resolve("src"));
        Files.createDirectories(project.resolve("tests"));
        Files.writeString(project.resolve("pyproject.toml"), String.join("\n",
                "[project]", "name = \"corpus\"", "version = \"0.1.0\"", "",
                "[project.optional-dependencies]", "gpu = []", "tpu = []", "",
                "[dependency-groups]", "dev = []", "lint = []", ""), StandardCharsets.UTF_8);
        Files.writeString(project.resolve("src/train.py"), "print('train')\n", StandardCharsets.UTF_8);
        Files.writeString(project.resolve("tests/test_math.py"), "def test_add():\n    assert 1 + 1 == 2\n",
                StandardCharsets.UTF_8);
        return project;
    }
}
