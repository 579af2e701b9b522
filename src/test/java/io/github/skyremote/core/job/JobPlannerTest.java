package io.github.skyremote.core.job;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Spelling;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobPlannerTest {
    private static final String WITH_DEV = String.join("\n",
            "[project]", "name = \"lynx\"",
            "[project.optional-dependencies]", "gpu = [\"jax[cuda12]\"]", "tpu = [\"jax[tpu]\"]",
            "[dependency-groups]", "dev = [\"pytest\"]", "lint = [\"ruff\"]", "");
    private static final String WITHOUT_DEV = String.join("\n",
            "[project]", "name = \"lynx\"",
            "[project.optional-dependencies]", "gpu = [\"jax[cuda12]\"]", "tpu = [\"jax[tpu]\"]", "");
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String EXIT_FRAME = "; rmp_rc=$?; echo @@remote-maven-plugin:" + TOKEN
            + ":exit:${rmp_rc}@@; exit $rmp_rc";
    private static final Map<String, String> PROCESS_ENV = Map.of("HF_TOKEN", "hf_secretvalue123", "PATH", "/bin");

    @TempDir
    Path dir;

    private final SkyCommandBuilder sky = new SkyCommandBuilder("sky");
    private final ClusterRef cluster = new ClusterRef("gpu-x-12345", ".cluster_name_gpu", Device.GPU);

    @BeforeEach
    void project() throws Exception {
        Files.writeString(dir.resolve("pyproject.toml"), WITH_DEV);
        Files.writeString(dir.resolve("x.py"), "print('x')\n");
    }

    private static JobPlanner.JobRequest request(Device device, Path workdir, String script, List<String> args,
            String extra, List<String> groups, String cuda, String gpus, Map<String, String> env,
            List<String> secrets, boolean detach) {
        return new JobPlanner.JobRequest(device, workdir, PythonInvocation.script(script, args,
                new JobEpilogue(TOKEN, "r3p0rt")), extra, groups, cuda, gpus, env, secrets, detach);
    }

    /** The program's part of a remote command, checking that the exit frame follows it. */
    private static String program(String remoteCommand) {
        assertTrue(remoteCommand.endsWith(EXIT_FRAME), remoteCommand);
        return remoteCommand.substring(0, remoteCommand.length() - EXIT_FRAME.length());
    }

    private JobPlanner.JobRequest simple(Device device) {
        return request(device, dir, "x.py", List.of("a b"), null, null, null, null, null, null, false);
    }

    @Test
    void gpuWithDevDeclared() throws Exception {
        JobPlanner.PlannedJob job = JobPlanner.plan(simple(Device.GPU), PROCESS_ENV);
        assertEquals("export CUDA_VISIBLE_DEVICES=0; uv run --group dev --extra gpu python x.py 'a b'",
                program(job.remoteCommand()));
        assertEquals("x.py", job.what());
        assertEquals(dir.toRealPath(), job.workdir().path());
        assertEquals(List.of("sky", "exec", "gpu-x-12345", "--workdir", dir.toRealPath().toString(), "--",
                "export CUDA_VISIBLE_DEVICES=0; uv run --group dev --extra gpu python x.py 'a b'" + EXIT_FRAME),
                job.command(sky, cluster).argv());
    }

    @Test
    void gpuWithoutDevDeclaredDropsTheDefaultGroup() throws Exception {
        Files.writeString(dir.resolve("pyproject.toml"), WITHOUT_DEV);
        assertEquals("export CUDA_VISIBLE_DEVICES=0; uv run --extra gpu python x.py 'a b'",
                program(JobPlanner.plan(simple(Device.GPU), PROCESS_ENV).remoteCommand()));
    }

    @Test
    void tpuHasNoExportAndNoGroups() throws Exception {
        assertEquals("uv run --extra tpu python x.py 'a b'",
                program(JobPlanner.plan(simple(Device.TPU), PROCESS_ENV).remoteCommand()));
    }

    @Test
    void scriptPathIsNormalised() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        JobPlanner.PlannedJob job = JobPlanner.plan(request(Device.TPU, dir, "./sub/../x.py", List.of(), null, null,
                null, null, null, null, false), PROCESS_ENV);
        assertEquals("uv run --extra tpu python x.py", program(job.remoteCommand()));
        assertEquals("./sub/../x.py", job.what());
    }

    @Test
    void nullArgumentsAreEmptyArguments() throws Exception {
        List<String> args = new java.util.ArrayList<>();
        args.add(null);
        args.add("--flag");
        assertEquals("uv run --extra tpu python x.py '' --flag", program(JobPlanner.plan(request(Device.TPU, dir, "x.py", args,
                null, null, null, null, null, null, false), PROCESS_ENV).remoteCommand()));
    }

    @Test
    void gpusDropsTheExportAndGoesOnTheCommandLine() throws Exception {
        JobPlanner.PlannedJob job = JobPlanner.plan(request(Device.GPU, dir, "x.py", List.of("a b"), null, null, null,
                "H100:1", null, null, false), PROCESS_ENV);
        assertEquals("uv run --group dev --extra gpu python x.py 'a b'", program(job.remoteCommand()));
        assertEquals("H100:1", job.gpus());
        assertEquals(List.of("sky", "exec", "gpu-x-12345", "--workdir", dir.toRealPath().toString(), "--gpus",
                "H100:1", "--", "uv run --group dev --extra gpu python x.py 'a b'" + EXIT_FRAME),
                job.command(sky, cluster).argv());
    }

    @Test
    void gpusWithExplicitCudaKeepsTheExport() throws Exception {
        JobPlanner.PlannedJob job = JobPlanner.plan(request(Device.GPU, dir, "x.py", List.of(), null, null, "0,1",
                " H100:2 ", null, null, false), PROCESS_ENV);
        assertEquals("export CUDA_VISIBLE_DEVICES=0,1; uv run --group dev --extra gpu python x.py",
                program(job.remoteCommand()));
        assertEquals("H100:2", job.gpus());
    }

    @Test
    void explicitEmptyCudaVisibleDevicesMeansNoExport() throws Exception {
        assertEquals("uv run --group dev --extra gpu python x.py 'a b'", program(JobPlanner.plan(request(Device.GPU, dir,
                "x.py", List.of("a b"), null, null, "", null, null, null, false), PROCESS_ENV).remoteCommand()));
    }

    @Test
    void blankGpusMeansNone() throws Exception {
        JobPlanner.PlannedJob job = JobPlanner.plan(request(Device.GPU, dir, "x.py", List.of(), null, null, null,
                "  ", null, null, false), PROCESS_ENV);
        assertEquals(null, job.gpus());
        assertEquals("export CUDA_VISIBLE_DEVICES=0; uv run --group dev --extra gpu python x.py",
                program(job.remoteCommand()));
    }

    @Test
    void invalidGpusIsAnError() {
        BadInputException e = assertThrows(BadInputException.class, () -> JobPlanner.plan(request(Device.GPU, dir,
                "x.py", List.of(), null, null, null, "H100:abc", null, null, false), PROCESS_ENV));
        assertTrue(e.getMessage().contains("gpus"), e.getMessage());
    }

    @Test
    void explicitGroupsAndExtra() throws Exception {
        assertEquals("uv run --group lint --group dev --extra tpu python x.py", program(JobPlanner.plan(request(Device.GPU,
                dir, "x.py", List.of(), " tpu ", List.of("lint", "dev"), "", null, null, null, false), PROCESS_ENV)
                .remoteCommand()));
    }

    @Test
    void missingExtraOrExplicitGroupIsAnError() {
        BadInputException extra = assertThrows(BadInputException.class, () -> JobPlanner.plan(request(Device.GPU, dir,
                "x.py", List.of(), "cuda", null, null, null, null, null, false), PROCESS_ENV));
        assertTrue(extra.getMessage().contains("Extra 'cuda'"), extra.getMessage());
        BadInputException group = assertThrows(BadInputException.class, () -> JobPlanner.plan(request(Device.GPU, dir,
                "x.py", List.of(), null, List.of("docs"), null, null, null, null, false), PROCESS_ENV));
        assertTrue(group.getMessage().contains("Dependency group 'docs'"), group.getMessage());
    }

    @Test
    void environmentAndSecretsReachTheCommandInOrder() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Z_LAST", "1");
        env.put("A_FIRST", "x y");
        JobPlanner.PlannedJob job = JobPlanner.plan(request(Device.TPU, dir, "x.py", List.of(), null, null, null,
                null, env, List.of(" HF_TOKEN "), true), PROCESS_ENV);
        assertEquals(List.of("sky", "exec", "gpu-x-12345", "--workdir", dir.toRealPath().toString(),
                "--env", "Z_LAST=1", "--env", "A_FIRST=x y", "--secret", "HF_TOKEN", "--detach-run", "--",
                "uv run --extra tpu python x.py" + EXIT_FRAME), job.command(sky, cluster).argv());
        assertEquals("token=****", job.masker().mask("token=hf_secretvalue123"));
        String display = job.command(sky, cluster).display();
        assertTrue(!display.contains("hf_secretvalue123"), display);
    }

    @Test
    void invalidEnvironmentNamesAreErrors() {
        for (String key : List.of("1BAD", "A-B", "", "A B", "É")) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put(key, "v");
            BadInputException e = assertThrows(BadInputException.class, () -> JobPlanner.plan(request(Device.GPU,
                    dir, "x.py", List.of(), null, null, null, null, env, null, false), PROCESS_ENV), key);
            assertEquals("Invalid environment variable name '" + key + "' in {env}.", e.getMessage());
        }
    }

    @Test
    void nullEnvironmentValueIsEmpty() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("EMPTY", null);
        assertTrue(JobPlanner.plan(request(Device.GPU, dir, "x.py", List.of(), null, null, null, null, env, null,
                false), PROCESS_ENV).command(sky, cluster).argv().contains("EMPTY="));
    }

    @Test
    void secretMissingFromTheEnvironmentIsAnError() {
        BadInputException e = assertThrows(BadInputException.class, () -> JobPlanner.plan(request(Device.GPU, dir,
                "x.py", List.of(), null, null, null, null, null, List.of("WANDB_API_KEY"), false), PROCESS_ENV));
        assertEquals("Secret WANDB_API_KEY is not set in the environment of this build.", e.getMessage());
        assertTrue(e.fix().toString().contains("export WANDB_API_KEY=..."), e.fix().toString());
    }

    @Test
    void secretTooShortToMaskIsAnErrorBeforeAnythingRuns() {
        for (String value : List.of("abc", "é€😀")) {
            BadInputException e = assertThrows(BadInputException.class, () -> JobPlanner.plan(request(Device.GPU, dir,
                    "x.py", List.of(), null, null, null, null, null, List.of("PIN"), false),
                    Map.of("PIN", value)));
            assertEquals("Secret PIN is only 3 character(s) long: a secret shorter than 4 characters cannot be masked"
                    + " safely in the job's output.", e.getMessage());
            assertTrue(e.fix().toString().contains("{env}"), e.fix().toString());
            assertFalse(e.describe(Spelling.NEUTRAL).contains(value), "the message does not show the value");
        }
        BadInputException empty = assertThrows(BadInputException.class, () -> JobPlanner.plan(request(Device.GPU, dir,
                "x.py", List.of(), null, null, null, null, null, List.of("PIN"), false), Map.of("PIN", "")));
        assertEquals("Secret PIN is set but empty in the environment of this build.", empty.getMessage());
        // Four characters can be masked.
        assertDoesNotThrow(() -> JobPlanner.plan(request(Device.GPU, dir, "x.py", List.of(), null, null, null, null,
                null, List.of("PIN"), false), Map.of("PIN", "1234")));
    }

    @Test
    void secretAlsoInEnvIsAnError() {
        BadInputException e = assertThrows(BadInputException.class, () -> JobPlanner.plan(request(Device.GPU, dir,
                "x.py", List.of(), null, null, null, null, Map.of("HF_TOKEN", "x"), List.of("HF_TOKEN"), false),
                PROCESS_ENV));
        assertEquals("HF_TOKEN is both in {env} and in {secrets}.", e.getMessage());
    }

    @Test
    void invalidSecretNameIsAnError() {
        BadInputException e = assertThrows(BadInputException.class, () -> JobPlanner.plan(request(Device.GPU, dir,
                "x.py", List.of(), null, null, null, null, null, List.of("hf_abc=secret"), false), PROCESS_ENV));
        assertTrue(e.getMessage().startsWith("Invalid secret name"), e.getMessage());
    }

    @Test
    void workdirAndScriptProblemsAreErrors() throws Exception {
        assertThrows(BadInputException.class, () -> JobPlanner.plan(request(Device.GPU, dir.resolve("nope"), "x.py",
                List.of(), null, null, null, null, null, null, false), PROCESS_ENV));
        assertThrows(BadInputException.class, () -> JobPlanner.plan(request(Device.GPU, dir, "missing.py",
                List.of(), null, null, null, null, null, null, false), PROCESS_ENV));
        Path inner = Files.createDirectories(dir.resolve("inner"));
        Files.writeString(inner.resolve("pyproject.toml"), WITH_DEV);
        BadInputException outside = assertThrows(BadInputException.class, () -> JobPlanner.plan(request(Device.GPU,
                inner, "../x.py", List.of(), null, null, null, null, null, null, false), PROCESS_ENV));
        assertTrue(outside.getMessage().contains("outside the workdir"), outside.getMessage());
        Files.delete(dir.resolve("pyproject.toml"));
        BadInputException e = assertThrows(BadInputException.class, () -> JobPlanner.plan(simple(Device.GPU),
                PROCESS_ENV));
        assertTrue(e.getMessage().startsWith("No pyproject.toml"), e.getMessage());
    }
}
