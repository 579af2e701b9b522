package io.github.skyremote.maven;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.process.SecretMasker;
import io.github.skyremote.core.sky.ApiServerAccess;
import io.github.skyremote.core.sky.ApiServerAccess.Credential;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * The team API server and the credentials of settings.xml for one goal: the service-account token is the
 * {@code <password>} of the {@code <server>} {@code serverId} names (default {@code skypilot}), and a {@code secrets}
 * entry {@code NAME=settings:<id>} takes its value from the {@code <password>} of server {@code <id>}. Passwords are
 * decrypted as Maven decrypts deploy credentials ({@link SettingsDecrypter}, master password in
 * {@code settings-security.xml}). Values never leave this class but in the {@link ApiServerAccess} that hands them to
 * {@code sky}'s environment.
 */
final class ApiServerSetup {
    static final String DEFAULT_SERVER_ID = "skypilot";
    private static final Pattern FROM_SETTINGS = Pattern.compile("\\s*([^=\\s]+)\\s*=\\s*settings:(.*)");
    /** Per build: what was done once already (the log lines, the pre-flight of an endpoint, the local server start). */
    private static final Map<MavenExecutionRequest, Set<String>> DONE = new WeakHashMap<>();

    private final ApiServerAccess access;
    private final List<String> secretNames;
    private final Map<String, String> environment;

    private ApiServerSetup(ApiServerAccess access, List<String> secretNames, Map<String, String> environment) {
        this.access = access;
        this.secretNames = secretNames;
        this.environment = environment;
    }

    /**
     * @param serverId the {@code serverId} parameter; null when not set (then {@value #DEFAULT_SERVER_ID}, which may
     *        be absent)
     * @param secrets the {@code secrets} parameter
     * @param processEnvironment the build's environment
     */
    static ApiServerSetup resolve(MavenSession session, SettingsDecrypter decrypter, String apiServer, String serverId,
            List<String> secrets, Map<String, String> processEnvironment) throws BadInputException {
        boolean explicit = serverId != null && !serverId.isBlank();
        String id = explicit ? serverId.trim() : DEFAULT_SERVER_ID;
        boolean endpointKnown = (apiServer != null && !apiServer.isBlank())
                || !processEnvironment.getOrDefault(ApiServerAccess.ENDPOINT_VARIABLE, "").isBlank();
        Credential token = null;
        // A token only goes with a team server (a local server answers any token with 401), or when asked for.
        if (endpointKnown || explicit) {
            token = password(session, decrypter, id, explicit, "serverId",
                    "the service-account token of the SkyPilot API server");
        }
        List<String> names = new ArrayList<>();
        Map<String, Credential> fromSettings = new LinkedHashMap<>();
        if (secrets != null) {
            for (String entry : secrets) {
                Matcher m = entry == null ? null : FROM_SETTINGS.matcher(entry);
                if (m == null || !m.matches()) {
                    names.add(entry);
                    continue;
                }
                String name = m.group(1);
                String server = m.group(2).trim();
                if (server.isEmpty()) {
                    throw new BadInputException("Secret " + name + " names no server: '" + entry.trim() + "'.",
                            "Write <secret>" + name + "=settings:<server id></secret>, the id of a <server> in"
                                    + " settings.xml whose <password> is the value.");
                }
                Credential value = password(session, decrypter, server, true, "secret " + name,
                        "the value of secret " + name);
                if (SecretMasker.tooShort(value.value())) {
                    throw new BadInputException("Secret " + name + " from " + value.source() + " is shorter than "
                            + SecretMasker.MIN_LENGTH + " characters: it cannot be masked safely in the job's output.",
                            "Store the real credential as that server's <password>; a value that is not secret goes"
                                    + " in <env> instead.");
                }
                names.add(name);
                fromSettings.put(name, value);
            }
        }
        ApiServerAccess access = ApiServerAccess.resolve(apiServer, processEnvironment, token, fromSettings);
        Map<String, String> environment = new HashMap<>(processEnvironment);
        fromSettings.forEach((name, credential) -> environment.put(name, credential.value()));
        return new ApiServerSetup(access, names, Collections.unmodifiableMap(environment));
    }

    /** The decrypted {@code <password>} of a server; null when the server is absent and was not asked for by name. */
    private static Credential password(MavenSession session, SettingsDecrypter decrypter, String id, boolean required,
            String parameter, String what) throws BadInputException {
        Server server = session.getSettings() == null ? null : session.getSettings().getServer(id);
        String source = "settings.xml server '" + id + "'";
        if (server == null) {
            if (!required) {
                return null;
            }
            throw new BadInputException("No <server> with id '" + id + "' in settings.xml (" + parameter + "): it"
                    + " should hold " + what + ".", "Add it to the settings.xml this build uses (~/.m2/settings.xml,"
                            + " or the file of -s; in Jenkins the one withMaven or configFileProvider supplies):\n"
                            + "  <server><id>" + id + "</id><password>...</password></server>\n"
                            + "and encrypt the password: mvn --encrypt-password"
                            + (parameter.equals("serverId")
                                    ? "\nor set -D" + PropertyNames.SERVER_ID + " to a server that exists." : ""));
        }
        String raw = server.getPassword();
        Server decrypted = server;
        if (decrypter != null && raw != null) {
            SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            for (SettingsProblem problem : result.getProblems()) {
                if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                    String message = new SecretMasker(List.of(raw)).mask(String.valueOf(problem.getMessage()));
                    throw new BadInputException("Cannot decrypt the <password> of " + source + ": " + message,
                            "Check the master password in settings-security.xml (~/.m2/settings-security.xml, or the"
                                    + " file -Dsettings.security names), then encrypt the password again with it:"
                                    + " mvn --encrypt-password");
                }
            }
            decrypted = result.getServer() != null ? result.getServer() : server;
        }
        String value = decrypted.getPassword();
        if (value == null || value.isBlank()) {
            throw new BadInputException(source + " has no <password>: " + what + " goes there (a <privateKey> or"
                    + " <username> alone is not used).", "Set <password> of that server in settings.xml.");
        }
        return new Credential(value.strip(), source);
    }

    ApiServerAccess access() {
        return access;
    }

    /** {@code secrets} with every {@code NAME=settings:<id>} entry reduced to its name. */
    List<String> secretNames() {
        return secretNames;
    }

    /** The build's environment plus the secrets from settings.xml, for the checks and masking of secrets. */
    Map<String, String> environment() {
        return environment;
    }

    /** True the first time a build asks for this key: what is done once per build (a log line). */
    static boolean firstInBuild(MavenSession session, String key) {
        synchronized (DONE) {
            return DONE.computeIfAbsent(session.getRequest(), r -> new java.util.HashSet<>()).add(key);
        }
    }

    /** True when {@link #markDone} recorded the key in this build: a pre-flight that passed is not repeated. */
    static boolean done(MavenSession session, String key) {
        synchronized (DONE) {
            return DONE.getOrDefault(session.getRequest(), Set.of()).contains(key);
        }
    }

    static void markDone(MavenSession session, String key) {
        firstInBuild(session, key);
    }
}
