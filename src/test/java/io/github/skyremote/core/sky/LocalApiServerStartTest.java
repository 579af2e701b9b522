package io.github.skyremote.core.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.skyremote.core.RecordingLog;
import io.github.skyremote.core.process.ProcessLauncher;
import io.github.skyremote.core.process.ScriptedLauncher;
import io.github.skyremote.core.process.ScriptedLauncher.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalApiServerStartTest {
    private static final Map<String, String> JENKINS = Map.of("JENKINS_URL", "https://ci.example.com/",
            "JENKINS_NODE_COOKIE", "7f3c-cookie", "BUILD_ID", "42");

    @TempDir
    Path dir;

    @Test
    void onlyUnderJenkinsWithoutATeamServer() throws Exception {
        assertTrue(LocalApiServerStart.applies(JENKINS, ApiServerAccess.NONE));
        assertFalse(LocalApiServerStart.applies(Map.of(), ApiServerAccess.NONE));
        ApiServerAccess team = ApiServerAccess.resolve("https://team.example.com", JENKINS, null, Map.of());
        assertFalse(LocalApiServerStart.applies(JENKINS, team));
    }

    @Test
    void skyApiStartRunsWithTheBuildsMarkersNeutralised() throws Exception {
        ScriptedLauncher scripted = new ScriptedLauncher(dir).on("api", Reply.ok("SkyPilot API server started.\n"));
        List<Map<String, String>> environments = new ArrayList<>();
        ProcessLauncher recording = (argv, directory, environment) -> {
            environments.add(new HashMap<>(environment));
            return scripted.start(argv, directory, environment);
        };
        RecordingLog log = new RecordingLog();
        LocalApiServerStart.start(recording, dir, new SkyCommandBuilder("sky"), SkyRunSettings.builder().build(), JENKINS,
                log);
        assertEquals(List.of(List.of("api", "start")), scripted.calls());
        assertEquals("dontKillMe", environments.get(0).get("JENKINS_NODE_COOKIE"));
        assertEquals("dontKillMe", environments.get(0).get("BUILD_ID"));
        assertEquals(1, log.info().stream().filter(line -> line.contains("outlives this build")).count());
        assertTrue(log.warn().isEmpty(), log.all().toString());
    }

    @Test
    void aFailedStartOnlyWarns() {
        ScriptedLauncher scripted = new ScriptedLauncher(dir).on("api", Reply.exit(1,
                "ValueError: Unable to start local API server: server endpoint is set to https://x.example.com.\n"));
        RecordingLog log = new RecordingLog();
        LocalApiServerStart.start(scripted, dir, new SkyCommandBuilder("sky"), SkyRunSettings.builder().build(), JENKINS,
                log);
        assertTrue(log.warn().stream().anyMatch(line -> line.contains("Unable to start local API server")),
                log.all().toString());
    }
}
