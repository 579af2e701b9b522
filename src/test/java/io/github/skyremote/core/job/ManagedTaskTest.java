package io.github.skyremote.core.job;

import io.github.skyremote.core.Setting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.cluster.Accelerator;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.cluster.TaskYaml;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagedTaskTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void theTaskRunsTheSameRemoteCommandWithTheResourcesAsked() throws Exception {
        String run = "export A=0; uv run --extra gpu python 'a b.py' \"$x\" '' `q`; rmp_rc=$?; echo @@f@@; exit $rmp_rc";
        Map<String, String> envs = new LinkedHashMap<>();
        envs.put("MODE", "1");
        envs.put("FLAG", "true");
        envs.put("EMPTY", "");
        envs.put("TEXT", "a: b # c");
        JsonNode task = YAML.readTree(ManagedTask.render(new ManagedTask.Spec("train-12345", Path.of("/w/proj"), run,
                Device.GPU, Accelerator.parse("H100:2", Setting.ACCELERATOR), true, "gcp/us-central1", envs)));
        assertEquals("train-12345", task.get("name").asText());
        assertEquals("/w/proj", task.get("workdir").asText());
        assertEquals(run, task.get("run").asText(), "the command reaches SkyPilot byte for byte");
        assertEquals("H100:2", task.get("resources").get("accelerators").asText());
        assertTrue(task.get("resources").get("use_spot").asBoolean());
        assertEquals("gcp/us-central1", task.get("resources").get("infra").asText());
        assertEquals(TaskYaml.DEFAULT_SETUP, task.get("setup").asText(), "a fresh cluster gets uv as provision's does");
        for (Map.Entry<String, String> env : envs.entrySet()) {
            assertTrue(task.get("envs").get(env.getKey()).isTextual(), env.getKey() + " stays a string");
            assertEquals(env.getValue(), task.get("envs").get(env.getKey()).asText());
        }
        assertNull(task.get("secrets"), "secrets go by name on the command line");
    }

    @Test
    void aTpuTaskCarriesItsArguments() throws Exception {
        JsonNode task = YAML.readTree(ManagedTask.render(new ManagedTask.Spec("t-1", Path.of("/w"), "true", Device.TPU,
                Accelerator.parse("tpu-v6e-8", Setting.ACCELERATOR), false, null, Map.of())));
        assertEquals("tpu-v6e-8", task.get("resources").get("accelerators").asText());
        assertTrue(task.get("resources").get("accelerator_args").get("tpu_vm").asBoolean());
        assertNull(task.get("envs"));
    }

    @Test
    void jobNamesAreValidAndUnique() {
        SecureRandom random = new SecureRandom();
        assertTrue(ManagedTask.jobName("src/lynx/Train_Model.py", random).matches("src-lynx-train-model-\\d{5}"));
        assertTrue(ManagedTask.jobName("pytest tests/test_x.py::test_a", random)
                .matches("pytest-tests-test-x-test-a-\\d{5}"));
        assertTrue(ManagedTask.jobName("9.py", random).matches("job-\\d{5}"));
        String longName = ManagedTask.jobName("a".repeat(80) + ".py", random);
        assertTrue(longName.length() <= 39 && longName.matches("[a-z]([-a-z0-9]*[a-z0-9])?"), longName);
    }

    @Test
    void recoveryStrategiesAreSkyPilots() throws Exception {
        assertEquals("FAILOVER", ManagedTask.recoveryStrategy(" failover "));
        assertEquals("EAGER_NEXT_REGION", ManagedTask.recoveryStrategy("EAGER_NEXT_REGION"));
        assertEquals("none", ManagedTask.recoveryStrategy("None"));
        assertNull(ManagedTask.recoveryStrategy(" "));
        BadInputException e = assertThrows(BadInputException.class, () -> ManagedTask.recoveryStrategy("eager"));
        assertTrue(e.getMessage().contains("'eager' (jobRecovery) is not a SkyPilot recovery strategy."));
    }
}
