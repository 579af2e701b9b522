package io.github.skyremote.core.sky;

import io.github.skyremote.core.Setting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.skyremote.core.cluster.Accelerator;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.job.JobEpilogue;
import io.github.skyremote.core.job.JobPlanner;
import io.github.skyremote.core.job.ManagedTask;
import io.github.skyremote.core.job.PytestRun;
import io.github.skyremote.core.job.PythonInvocation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The argv of {@code remote:logs}, {@code remote:cancel}, {@code remote:status} and of managed jobs, written to
 * {@code target/sky-argv-corpus/unit-jobs.jsonl} beside {@link SkyArgvCorpusTest}'s {@code unit.jsonl}: the build's
 * conformance step hands every one to the real SkyPilot CLI. A {@code sky jobs launch} record carries the run command
 * the rendered task YAML must give SkyPilot ({@code expect_run}), which the check compares with the task SkyPilot
 * loaded.
 */
class JobsArgvCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize()
            .resolve("target/sky-argv-corpus");
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String REPORT_ID = "fedcba9876543210fedcba9876543210";

    private final List<ObjectNode> records = new ArrayList<>();
    private final Set<List<String>> distinct = new LinkedHashSet<>();

    @Test
    void writesTheJobsCorpus() throws Exception {
        SkyCommandBuilder sky = new SkyCommandBuilder("sky");
        Path project = project();
        Map<String, String> processEnv = Map.of("HF_TOKEN", "hf_xxxx");
        for (String cluster : List.of("gpu-demo-12345", "tpu-v6e-8-demo-12345")) {
            for (boolean follow : new boolean[] {true, false}) {
                add("logs", sky.logs(cluster, OptionalLong.of(7), follow), null);
                add("logs", sky.logs(cluster, OptionalLong.empty(), follow), null);
            }
            add("logs", sky.logsStatus(cluster, OptionalLong.of(7)), null);
            add("logs", sky.logsStatus(cluster, OptionalLong.empty()), null);
            add("cancel", sky.cancel(cluster, OptionalLong.of(7), false), null);
            add("cancel", sky.cancel(cluster, OptionalLong.empty(), false), null);
            add("cancel", sky.cancel(cluster, OptionalLong.empty(), true), null);
        }
        add("status", sky.statusTable(List.of("gpu-demo-12345", "tpu-v6e-8-demo-12345")), null);
        add("status", sky.queue(List.of("gpu-demo-12345")), null);
        add("status", sky.jobsQueue(), null);
        for (boolean follow : new boolean[] {true, false}) {
            add("logs", sky.jobsLogs(OptionalLong.of(3), follow), null);
            add("logs", sky.jobsLogs(OptionalLong.empty(), follow), null);
        }
        add("cancel", sky.jobsCancel(3), null);
        add("cancel", sky.jobsCancelAll(), null);
        add("exec", sky.jobsCancelByName("train-12345"), null);

        // Managed exec and pytest: the task YAML as the goals render it, on both devices, with env, secrets, recovery.
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MODE", "1");
        env.put("MSG", "it's $HOME; `x` \"q\" a: b");
        int n = 0;
        for (Device device : Device.values()) {
            String acc = device == Device.GPU ? "H100:1" : "tpu-v6e-8";
            for (boolean pytest : new boolean[] {false, true}) {
                for (String recovery : java.util.Arrays.asList(null, "FAILOVER", "none")) {
                    PythonInvocation invocation = pytest
                            ? new PytestRun("tests", List.of("-k", "a and not b"), new JobEpilogue(TOKEN, REPORT_ID))
                            : PythonInvocation.script("src/train.py", List.of("--steps", "100", "a b", ""),
                                    new JobEpilogue(TOKEN, REPORT_ID));
                    List<String> secrets = recovery == null ? List.of() : List.of("HF_TOKEN");
                    JobPlanner.PlannedJob job = JobPlanner.plan(new JobPlanner.JobRequest(device, project, invocation,
                            null, null, null, acc, recovery == null ? Map.of() : env, secrets, false), processEnv);
                    String name = (pytest ? "pytest-tests-" : "src-train-") + (10000 + n++);
                    Path yaml = DIR.resolve("managed/" + name + ".yaml");
                    Files.createDirectories(yaml.getParent());
                    Files.writeString(yaml, ManagedTask.render(new ManagedTask.Spec(name, project, job.remoteCommand(),
                            device, Accelerator.parse(acc, Setting.ACCELERATOR), recovery != null, recovery == null ? null
                                    : "gcp", recovery == null ? Map.of() : env)), StandardCharsets.UTF_8);
                    add(pytest ? "pytest" : "exec", sky.jobsLaunch(yaml, name, recovery == null ? null
                            : ManagedTask.recoveryStrategy(recovery), job.environment().secrets()),
                            job.remoteCommand());
                }
            }
        }

        StringBuilder text = new StringBuilder();
        for (ObjectNode record : records) {
            text.append(JSON.writeValueAsString(record)).append('\n');
        }
        Files.writeString(DIR.resolve("unit-jobs.jsonl"), text.toString(), StandardCharsets.UTF_8);
        Set<String> subcommands = new LinkedHashSet<>();
        for (List<String> argv : distinct) {
            subcommands.add(argv.get(0).equals("jobs") ? "jobs " + argv.get(1) : argv.get(0));
        }
        assertEquals(Set.of("logs", "cancel", "status", "queue", "jobs queue", "jobs logs", "jobs cancel",
                "jobs launch"), subcommands);
        assertTrue(distinct.size() >= 30, "distinct argv: " + distinct.size());
    }

    private void add(String goal, SkyCommand command, String expectRun) {
        List<String> argv = command.argv().subList(1, command.argv().size());
        assertEquals(command.argv(), ShellWords.split(command.display()));
        if (!distinct.add(List.copyOf(argv))) {
            return;
        }
        ObjectNode record = JSON.createObjectNode();
        record.putPOJO("argv", argv);
        record.put("source", "unit");
        record.put("goal", goal);
        record.put("display", command.display());
        record.put("cwd", DIR.toString());
        if (expectRun != null) {
            record.put("expect_run", expectRun);
        }
        records.add(record);
    }

    private static Path project() throws java.io.IOException {
        Path project = DIR.resolve("project-jobs");
        Files.createDirectories(project.resolve("src"));
        Files.createDirectories(project.resolve("tests"));
        Files.writeString(project.resolve("pyproject.toml"), String.join("\n", "[project]", "name = \"corpus\"",
                "version = \"0.1.0\"", "", "[project.optional-dependencies]", "gpu = []", "tpu = []", "",
                "[dependency-groups]", "dev = []", ""), StandardCharsets.UTF_8);
        Files.writeString(project.resolve("src/train.py"), "print('train')\n", StandardCharsets.UTF_8);
        Files.writeString(project.resolve("tests/test_x.py"), "def test_x():\n    pass\n", StandardCharsets.UTF_8);
        return project;
    }
}
