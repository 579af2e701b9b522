package io.github.skyremote.core.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Spelling;
import io.github.skyremote.core.process.ProcessLauncher;
import io.github.skyremote.core.sky.ApiServerAccess.Credential;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiServerAccessTest {
    private static final Credential TOKEN = new Credential("sky_eyJhbGciOiJIUzI1NiJ9.secret-part",
            "settings.xml server 'skypilot'");

    @Test
    void theParameterWinsOverTheEnvironmentAndNeitherMeansNoTeamMode() throws Exception {
        Map<String, String> env = Map.of("SKYPILOT_API_SERVER_ENDPOINT", "https://from-env.example.com");
        ApiServerAccess fromParameter = ApiServerAccess.resolve("https://team.example.com/", env, null, Map.of());
        assertEquals("https://team.example.com", fromParameter.endpoint());
        assertEquals("apiServer", fromParameter.endpointSource().toString());

        ApiServerAccess fromEnvironment = ApiServerAccess.resolve(null, env, null, Map.of());
        assertEquals("https://from-env.example.com", fromEnvironment.endpoint());
        assertTrue(fromEnvironment.teamMode());

        ApiServerAccess none = ApiServerAccess.resolve(" ", Map.of(), null, Map.of());
        assertFalse(none.teamMode());
        assertFalse(none.childEnvironment().containsKey("SKYPILOT_API_SERVER_ENDPOINT"));
    }

    @Test
    void theTokenAndSettingsSecretsGoOnlyIntoTheChildEnvironment() throws Exception {
        ApiServerAccess access = ApiServerAccess.resolve("https://team.example.com", Map.of(), TOKEN,
                Map.of("HF_TOKEN", new Credential("hf_abcdefgh", "settings.xml server 'hf'")));
        Map<String, String> child = access.childEnvironment();
        assertEquals("https://team.example.com", child.get("SKYPILOT_API_SERVER_ENDPOINT"));
        assertEquals(TOKEN.value(), child.get("SKYPILOT_SERVICE_ACCOUNT_TOKEN"));
        assertEquals("1", child.get("SKYPILOT_DISABLE_LOCAL_API_SERVER"), "no local server in the team server's place");
        assertEquals("hf_abcdefgh", child.get("HF_TOKEN"));
        assertTrue(access.secretValues().containsAll(List.of(TOKEN.value(), "hf_abcdefgh")));
        assertFalse(access.describe(Map.of()).toString().contains(TOKEN.value()));
        assertTrue(access.describe(Map.of()).toString().contains("settings.xml server 'skypilot'"));
    }

    @Test
    void theLauncherHookAddsTheVariablesToWhatEveryProcessIsGiven() throws Exception {
        Map<String, String> seen = new HashMap<>();
        ProcessLauncher recording = (argv, dir, environment) -> {
            seen.putAll(environment);
            return null;
        };
        ApiServerAccess access = ApiServerAccess.resolve("https://team.example.com", Map.of(), TOKEN, Map.of());
        access.launcher(recording).start(List.of("sky", "status"), Path.of("."), Map.of("PYTHONUNBUFFERED", "1"));
        assertEquals("1", seen.get("PYTHONUNBUFFERED"));
        assertEquals(TOKEN.value(), seen.get("SKYPILOT_SERVICE_ACCOUNT_TOKEN"));

        ProcessLauncher same = ApiServerAccess.NONE.launcher(recording);
        assertSame(recording, same, "outside team mode and without settings secrets the launcher is untouched");
    }

    @Test
    void aTokenThatIsNoServiceAccountTokenIsRefusedWithoutShowingIt() {
        Credential wrong = new Credential("hunter2-not-a-token", "settings.xml server 'skypilot'");
        BadInputException e = assertThrows(BadInputException.class,
                () -> ApiServerAccess.resolve("https://team.example.com", Map.of(), wrong, Map.of()));
        assertTrue(e.getMessage().contains("does not start with 'sky_'"), e.getMessage());
        assertFalse(e.describe(Spelling.NEUTRAL).contains("hunter2"), e.describe(Spelling.NEUTRAL));
    }

    @Test
    void anEndpointMustBeAnHttpUrl() {
        for (String bad : List.of("skypilot.example.com", "ftp://x.example.com", "http://", "https://h/x?y=1")) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> ApiServerAccess.resolve(bad, Map.of(), null, Map.of()), bad);
            assertTrue(e.describe(Spelling.NEUTRAL).contains("{apiServer=https://skypilot.example.com}"), e.describe(Spelling.NEUTRAL));
        }
    }

    @Test
    void aPasswordInTheUrlIsMaskedAndNeverShown() throws Exception {
        ApiServerAccess access = ApiServerAccess.resolve("https://ci:s3cret-pass@team.example.com", Map.of(), null,
                Map.of());
        assertEquals("https://ci:<redacted>@team.example.com", access.displayEndpoint());
        assertTrue(access.secretValues().contains("s3cret-pass"));
        assertFalse(access.describe(Map.of()).toString().contains("s3cret-pass"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> ApiServerAccess.resolve("ftp://ci:s3cret-pass@x", Map.of(), null, Map.of()));
        assertFalse(e.describe(Spelling.NEUTRAL).contains("s3cret-pass"), e.describe(Spelling.NEUTRAL));
    }

    @Test
    void aTokenToAnotherMachineOverPlainHttpIsWarnedAbout() throws Exception {
        assertTrue(ApiServerAccess.resolve("http://team.example.com:46580", Map.of(), TOKEN, Map.of())
                .clearTextWarning().orElseThrow().contains("clear text"));
        assertTrue(ApiServerAccess.resolve("https://team.example.com", Map.of(), TOKEN, Map.of())
                .clearTextWarning().isEmpty());
        assertTrue(ApiServerAccess.resolve("http://127.0.0.1:46580", Map.of(), TOKEN, Map.of())
                .clearTextWarning().isEmpty(), "loopback never leaves the machine");
        assertTrue(ApiServerAccess.resolve("http://localhost:46580", Map.of(), TOKEN, Map.of())
                .clearTextWarning().isEmpty());
        assertTrue(ApiServerAccess.resolve("http://team.example.com", Map.of(), null, Map.of())
                .clearTextWarning().isEmpty(), "no token, nothing to leak");
    }

    @Test
    void whereTheTokenComesFromIsSaid() throws Exception {
        ApiServerAccess noToken = ApiServerAccess.resolve("https://t.example.com", Map.of(), null, Map.of());
        assertEquals("SKYPILOT_SERVICE_ACCOUNT_TOKEN in the environment",
                noToken.tokenSource(Map.of("SKYPILOT_SERVICE_ACCOUNT_TOKEN", "sky_x")));
        assertTrue(noToken.tokenSource(Map.of()).startsWith("no token given"));
        assertNull(ApiServerAccess.NONE.endpoint());
    }
}
