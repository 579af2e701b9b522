package io.github.skyremote.core.cluster;

import io.github.skyremote.core.RecordingLog;
import io.github.skyremote.core.process.ProcessLauncher;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShutdownTeardownTest {
    private static final String CLUSTER = "gpu-demo-12345";

    @TempDir
    Path root;

    private final RecordingLog log = new RecordingLog();
    private final List<List<String>> argvs = new ArrayList<>();

    /** Answers `sky down` and `sky status` with the shell scripts given. */
    private ProcessLauncher sky(String down, String status) {
        return (argv, dir, env) -> {
            synchronized (argvs) {
                argvs.add(argv);
            }
            String script = argv.get(1).equals("down") ? down : status;
            return new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).start();
        };
    }

    private ShutdownTeardown teardown(ProcessLauncher launcher, long downSeconds) {
        return new ShutdownTeardown(launcher, root, new SkyCommandBuilder("sky"), nameFile(), log, downSeconds, 5);
    }

    private ClusterNameFile nameFile() {
        return new ClusterNameFile(root.resolve(".cluster_name_gpu"), Device.GPU);
    }

    @Test
    void downThenStatusThenTheNameFileGoes() throws Exception {
        nameFile().write(CLUSTER);
        teardown(sky("echo Terminating cluster " + CLUSTER + "...done.", "echo '[]'"), 10).tearDown(CLUSTER);
        assertEquals(List.of(List.of("sky", "down", "--yes", CLUSTER),
                List.of("sky", "status", "--refresh", "--output", "json", CLUSTER)), argvs);
        assertFalse(Files.exists(root.resolve(".cluster_name_gpu")));
        assertTrue(log.info().contains("Terminating cluster " + CLUSTER + "...done."));
        assertTrue(log.warn.contains("Build interrupted: cluster " + CLUSTER + " was torn down (`sky down --yes "
                + CLUSTER + "`)."), log.warn.toString());
    }

    @Test
    void stillListedKeepsTheNameFileAndSaysHowToRetry() throws Exception {
        nameFile().write(CLUSTER);
        teardown(sky("true", "echo '[{\"name\": \"" + CLUSTER + "\", \"status\": \"UP\"}]'"), 10).tearDown(CLUSTER);
        assertTrue(Files.exists(root.resolve(".cluster_name_gpu")));
        assertTrue(log.error.get(0).contains("is still listed (status: UP)"), log.error.toString());
        assertTrue(log.error.get(0).contains("Retry: sky down -y " + CLUSTER));
    }

    @Test
    void aHangingDownIsBoundedAndSaidSo() throws Exception {
        nameFile().write(CLUSTER);
        teardown(sky("sleep 30", "echo '[]'"), 1).tearDown(CLUSTER);
        // Killed at the bound: had it run to its end (exit 0), sky status would have followed.
        assertEquals(1, argvs.size(), "no status after a down that did not finish");
        assertTrue(log.error.get(0).contains("did not finish within 1 s"), log.error.toString());
        assertTrue(Files.exists(root.resolve(".cluster_name_gpu")));
    }

    @Test
    void aFailingDownSaysToRunItByHand() throws Exception {
        teardown(sky("exit 1", "echo '[]'"), 10).tearDown(CLUSTER);
        assertTrue(log.error.get(0).contains("failed with exit code 1. Run it by hand"), log.error.toString());
    }
}
