package io.github.skyremote.core.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.skyremote.core.RecordingLog;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.Spelling;
import io.github.skyremote.core.process.ScriptedLauncher;
import io.github.skyremote.core.process.ScriptedLauncher.Reply;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-flight against what the real SkyPilot 0.14.1 client printed in the test rig (real server behind the
 * recording proxy of src/build/real_api_server.py): {@code sky api info -o json} for a healthy server, its one
 * "Could not connect" for every failure, and the typed errors of {@code sky status}'s health check.
 */
class ApiServerPreflightTest {
    private static final String URL = "http://127.0.0.1:38889/pass/exp";
    private static final String SOURCE = "settings.xml server 'skypilot'";

    static String info(String client, String server) {
        return "{\n  \"client\": {\n    \"version\": \"" + client + "\",\n    \"commit\": \"7e59\"\n  },\n"
                + "  \"server\": {\n    \"url\": \"" + URL + "\",\n    \"status\": \"healthy\",\n    \"version\": \""
                + server + "\",\n    \"commit\": \"7e59\",\n    \"api_version\": \"62\"\n  },\n  \"user\": \"rig\"\n}\n";
    }

    static final String COULD_NOT_CONNECT = "Could not connect to SkyPilot API server at " + URL + "\n"
            + "\u001b[2m├── \u001b[0mTo re-login to the API server: sky api login --relogin -e " + URL + "\n"
            + "\u001b[2m└── \u001b[0mTo logout the server: sky api logout\n";
    static final String UNAUTHORIZED = "sky.exceptions.ApiServerAuthenticationError: Authentication required for"
            + " SkyPilot API server at " + URL + ". Please run:\n  sky api login -e " + URL + "\n";
    static final String UNREACHABLE = "sky.exceptions.ApiServerConnectionError: Could not connect to SkyPilot API"
            + " server at " + URL + ". Please ensure that the server is running. Try: curl " + URL + "/api/health\n\n"
            + "The above exception was the direct cause of the following exception:\n\n"
            + "sky.exceptions.ApiServerConnectionError: Could not connect to SkyPilot API server at " + URL
            + ". Please ensure that the server is running. Try: curl " + URL + "/api/health\n";
    static final String SERVER_TOO_OLD = "sky.exceptions.APIVersionMismatchError: \u001b[33mYour SkyPilot API server"
            + " version is too old: 0.10.0\n\u001b[0mThe client is running on 0.14.1 and the minimum compatible version"
            + " is 0.11.0.\nContact your administrator to upgrade the remote API server or downgrade your client"
            + " with:\n\u001b[33mpip install -U \"skypilot==0.10.0\"\u001b[0m\n";
    static final String CLIENT_TOO_OLD = "sky.exceptions.APIVersionMismatchError: \u001b[33mYour SkyPilot client"
            + " version is too old:0.10.0\n\u001b[0mThe server is running on 0.14.1 and the minimum compatible version"
            + " is 0.11.0.\nUpgrade your client with:\n\u001b[33mpip install -U \"skypilot==0.14.1\"\u001b[0m\n";

    @TempDir
    Path dir;

    private final RecordingLog log = new RecordingLog();

    private ScriptedLauncher launcher() {
        return new ScriptedLauncher(dir);
    }

    private void check(ScriptedLauncher launcher) throws SkyFailedException {
        ApiServerAccess access;
        try {
            access = ApiServerAccess.resolve(URL, Map.of(), null, Map.of());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        new ApiServerPreflight(new SkyRunner(launcher, dir, log), new SkyCommandBuilder("sky"),
                SkyRunSettings.builder().build(), log).check(access, SOURCE);
    }

    @Test
    void aHealthyServerOfTheClientsVersionCostsOneCall() throws Exception {
        ScriptedLauncher launcher = launcher().on("api", Reply.ok(info("0.14.1", "0.14.1")));
        check(launcher);
        assertEquals(List.of(List.of("api", "info", "--output", "json")), launcher.calls());
        assertTrue(log.info().stream().anyMatch(line -> line.equals("SkyPilot API server " + URL
                + ": version 0.14.1, user rig (token: " + SOURCE + ").")), log.all().toString());
    }

    @Test
    void aRefusedTokenIsToldApartFromAnUnreachableServer() {
        ScriptedLauncher launcher = launcher().on("api", Reply.ok(COULD_NOT_CONNECT))
                .on("status", Reply.exit(1, UNAUTHORIZED));
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> check(launcher));
        assertEquals("The SkyPilot API server " + URL + " refused the credentials (401): "
                + "sky.exceptions.ApiServerAuthenticationError: Authentication required for SkyPilot API server at "
                + URL + ". The service-account token (" + SOURCE + ") is missing, wrong, expired or"
                + " revoked.", e.getMessage());
        assertTrue(fix(e).contains("{serverId=<id>}"), fix(e));
        assertEquals(List.of("api", "status"), launcher.subcommands());
    }

    private static String fix(SkyFailedException e) {
        return e.fix().render(Spelling.NEUTRAL);
    }

    @Test
    void anUnreachableServerSaysNoLocalServerStartedInItsPlace() {
        ScriptedLauncher launcher = launcher().on("api", Reply.ok(COULD_NOT_CONNECT))
                .on("status", Reply.exit(1, UNREACHABLE));
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> check(launcher));
        assertEquals("The SkyPilot API server " + URL + " (from apiServer) cannot be reached:"
                + " sky.exceptions.ApiServerConnectionError: Could not connect to SkyPilot API server at " + URL
                + ". Please ensure that the server is running. Try: curl " + URL + "/api/health. No local API"
                + " server was started in its place.", e.getMessage());
        assertTrue(fix(e).startsWith("Check the URL and that the server runs: curl " + URL + "/api/health"));
    }

    @Test
    void aServerTooOldForTheClientNamesBothVersionsAndThePin() {
        ScriptedLauncher launcher = launcher().on("api", Reply.ok(info("0.14.1", "0.10.0")))
                .on("status", Reply.exit(1, SERVER_TOO_OLD));
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> check(launcher));
        assertTrue(e.getMessage().startsWith("The sky client (0.14.1) and the SkyPilot API server " + URL
                + " (0.10.0) are not compatible: sky.exceptions.APIVersionMismatchError: Your SkyPilot API server"
                + " version is too old: 0.10.0"), e.getMessage());
        assertTrue(fix(e).startsWith("Pin the client to the server's version, as SkyPilot's upgrade notes advise:"
                + " pip install -U \"skypilot==0.10.0\""), fix(e));
    }

    @Test
    void aClientTooOldForTheServerTakesBothVersionsFromTheMessage() {
        ScriptedLauncher launcher = launcher().on("api", Reply.ok(COULD_NOT_CONNECT))
                .on("status", Reply.exit(1, CLIENT_TOO_OLD));
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> check(launcher));
        assertTrue(e.getMessage().startsWith("The sky client (0.10.0) and the SkyPilot API server " + URL
                + " (0.14.1) are not compatible"), e.getMessage());
        assertTrue(fix(e).contains("skypilot==0.14.1"), fix(e));
    }

    @Test
    void aDeniedRoleIsA403() {
        ScriptedLauncher launcher = launcher().on("api", Reply.ok(COULD_NOT_CONNECT)).on("status", Reply.exit(1,
                "sky.exceptions.PermissionDeniedError: User rig does not have access to workspace 'ml'.\n"));
        SkyFailedException e = assertThrows(SkyFailedException.class, () -> check(launcher));
        assertTrue(e.getMessage().contains("denied the request (403): sky.exceptions.PermissionDeniedError: User rig"
                + " does not have access to workspace 'ml'."), e.getMessage());
    }

    @Test
    void compatibleVersionsThatDifferOnlyWarn() throws Exception {
        ScriptedLauncher launcher = launcher().on("api", Reply.ok(info("0.14.1", "0.14.0")))
                .on("status", Reply.ok("[]\n"));
        check(launcher);
        assertTrue(log.warn().stream().anyMatch(line -> line.contains("runs version 0.14.0, this sky client 0.14.1")
                && line.contains("pip install -U \"skypilot==0.14.0\"")), log.all().toString());
    }

    @Test
    void aServerThatAnswersTheSecondTimeIsUsed() throws Exception {
        ScriptedLauncher launcher = launcher().on("api", Reply.ok(COULD_NOT_CONNECT)).on("status", Reply.ok("[]\n"));
        check(launcher);
        assertEquals(List.of("api", "status"), launcher.subcommands());
    }
}
