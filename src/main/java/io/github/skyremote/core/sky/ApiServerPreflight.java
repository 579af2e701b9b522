package io.github.skyremote.core.sky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.process.Outcome;
import io.github.skyremote.core.process.OutputMode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cheap call to the team API server before a build's first real {@code sky} command, so that the common failures
 * read as what they are, not as a failed job or launch. {@code sky api info -o json} shows the server's version and
 * the user the token stands for; but it prints the same "Could not connect" (and exits 0) for an unreachable server, a
 * refused token and an incompatible client (SkyPilot 0.14.1, {@code sky/client/cli/command.py}, {@code api_info}).
 * When it does, or when client and server versions differ, {@code sky status -o json <a name no cluster has>} tells
 * them apart: like every
 * command that sends a request, it first runs the client's health check, which raises a typed error for each
 * ({@code ApiServerConnectionError}, {@code ApiServerAuthenticationError}, {@code APIVersionMismatchError};
 * {@code PermissionDeniedError} for a 403).
 */
public final class ApiServerPreflight {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The name the health check asks for: no cluster has it, so the answer stays small however many clusters the team
     * server holds; without a name {@code sky status} also asks for the managed jobs, services and pools.
     */
    static final String PROBE_CLUSTER = "remote-maven-plugin-api-check";
    private static final Pattern TOO_OLD = Pattern.compile(
            "Your SkyPilot (client|API server) version is too old: ?(\\S+)");
    private static final Pattern RUNNING_ON = Pattern.compile("(?:client|server) is running on (\\S+)");

    private final SkyRunner runner;
    private final SkyCommandBuilder sky;
    private final SkyRunSettings settings;
    private final SkyLog log;

    /** @param settings how to run the calls; their output is captured, shown at debug level only */
    public ApiServerPreflight(SkyRunner runner, SkyCommandBuilder sky, SkyRunSettings settings, SkyLog log) {
        this.runner = runner;
        this.sky = sky;
        this.settings = settings.toBuilder().output(OutputMode.CAPTURED).build();
        this.log = log;
    }

    /** What {@code sky api info -o json} said about a healthy server. */
    record Info(String clientVersion, String serverVersion, String user) {
    }

    /**
     * @param tokenSource where the token comes from, for the 401 message
     * @throws SkyFailedException the server cannot be used, with what to do
     */
    public void check(ApiServerAccess access, String tokenSource) throws SkyFailedException {
        String url = access.displayEndpoint();
        SkyRunResult info = runner.run(sky.apiInfo(), settings);
        stoppedEarly(info, url);
        Optional<Info> healthy = healthyInfo(info);
        if (healthy.isPresent() && healthy.get().clientVersion().equals(healthy.get().serverVersion())) {
            log.info("SkyPilot API server " + url + ": version " + healthy.get().serverVersion() + ", user "
                    + healthy.get().user() + " (token: " + tokenSource + ").");
            return;
        }
        SkyRunResult status = runner.run(sky.healthProbe(PROBE_CLUSTER), settings);
        stoppedEarly(status, url);
        if (status.outcome() instanceof Outcome.Exited exited && exited.code() == 0) {
            if (healthy.isPresent()) {
                Info i = healthy.get();
                log.warn("SkyPilot API server " + url + " runs version " + i.serverVersion() + ", this sky client "
                        + i.clientVersion() + ": they work together for now, but SkyPilot advises pinning the client"
                        + " to the server's version: pip install -U \"skypilot==" + i.serverVersion() + "\"");
            } else {
                log.warn("sky api info could not reach the SkyPilot API server " + url + ", sky status then did:"
                        + " going on.");
            }
            return;
        }
        throw failure(status, url, access.endpointSource(), tokenSource, healthy);
    }

    private static void stoppedEarly(SkyRunResult result, String url) throws SkyFailedException {
        if (!(result.outcome() instanceof Outcome.Exited)) {
            throw new SkyFailedException(result.outcome() instanceof Outcome.TimedOut
                    ? Message.of("Checking the SkyPilot API server " + url + " was stopped by the timeout (",
                            Setting.TIMEOUT.named(), ").")
                    : Message.of("Checking the SkyPilot API server " + url + " was interrupted."),
                    Message.of("Check that the server answers: curl " + url + "/api/health"));
        }
    }

    /** The server's version and user when {@code sky api info} reached a healthy server. */
    static Optional<Info> healthyInfo(SkyRunResult result) {
        if (!(result.outcome() instanceof Outcome.Exited exited) || exited.code() != 0) {
            return Optional.empty();
        }
        String text = String.join("\n", result.output());
        int start = text.indexOf('{');
        if (start < 0) {
            return Optional.empty();
        }
        try {
            JsonNode doc = JSON.readTree(text.substring(start));
            JsonNode server = doc.path("server");
            if (!"healthy".equalsIgnoreCase(server.path("status").asText())) {
                return Optional.empty();
            }
            return Optional.of(new Info(doc.path("client").path("version").asText("?"),
                    server.path("version").asText("?"), doc.path("user").asText("?")));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** The error for a failed health check, by the exception the real client raised. */
    static SkyFailedException failure(SkyRunResult status, String url, Message endpointSource, String tokenSource,
            Optional<Info> healthy) {
        String skySaid = skySaid(status);
        if (status.tailContains("ApiServerAuthenticationError") || status.tailContains("Authentication required")) {
            return new SkyFailedException(Message.of("The SkyPilot API server " + url + " refused the credentials (401): "
                    + skySaid + " The service-account token (" + tokenSource + ") is missing, wrong, expired or"
                    + " revoked."), Message.of("Create a new token (SkyPilot dashboard: Users > Service Accounts, or"
                            + " ask the server's administrator) and store it as the <password> of that <server> in"
                            + " settings.xml (encrypted or not),\nor name the server that holds a valid one: ",
                            Setting.SERVER_ID.option("<id>")));
        }
        if (status.tailContains("PermissionDeniedError")) {
            return new SkyFailedException(Message.of("The SkyPilot API server " + url + " denied the request (403): "
                    + skySaid + " The service account (token: " + tokenSource + ") lacks the role or workspace"
                    + " access."), Message.of("Ask the server's administrator to grant the service account the role"
                            + " it needs, or use the token of one that has it (", Setting.SERVER_ID.option("<id>"),
                            ")."));
        }
        if (status.tailContains("APIVersionMismatchError") || status.tailContains("version is too old")) {
            String[] versions = versions(status, healthy);
            return new SkyFailedException(Message.of("The sky client (" + versions[0] + ") and the SkyPilot API"
                    + " server " + url + " (" + versions[1] + ") are not compatible: " + skySaid),
                    Message.of("Pin the client to the server's version, as SkyPilot's upgrade notes advise: pip"
                            + " install -U \"skypilot==" + versions[1] + "\" (in the environment of the sky that ",
                            Setting.SKY.named(), " names),\nor ask the server's administrator to upgrade the"
                            + " server."));
        }
        if (status.tailContains("ApiServerConnectionError") || status.tailContains("Could not connect")) {
            return new SkyFailedException(Message.of("The SkyPilot API server " + url + " (from ", endpointSource,
                    ") cannot be reached: " + skySaid + " No local API server was started in its place."),
                    Message.of("Check the URL and that the server runs: curl " + url + "/api/health\nthen correct ",
                            Setting.API_SERVER.option(), " (or " + ApiServerAccess.ENDPOINT_VARIABLE + "), or leave"
                            + " both out to use a local API server."));
        }
        SkyFailedException generic = SkyExitCodes.clientFailure("status", status, null);
        return new SkyFailedException(Message.of("Checking the SkyPilot API server " + url + " failed: ",
                generic.message()), generic.fix());
    }

    /** {client, server}, from the mismatch message, else from {@code sky api info}; "?" when not known. */
    static String[] versions(SkyRunResult status, Optional<Info> healthy) {
        String client = healthy.map(Info::clientVersion).orElse("?");
        String server = healthy.map(Info::serverVersion).orElse("?");
        String text = String.join("\n", status.tail());
        Matcher tooOld = TOO_OLD.matcher(text);
        Matcher runningOn = RUNNING_ON.matcher(text);
        if (tooOld.find() && runningOn.find()) {
            if (tooOld.group(1).equals("client")) {
                client = tooOld.group(2);
                server = runningOn.group(1);
            } else {
                server = tooOld.group(2);
                client = runningOn.group(1);
            }
        }
        return new String[] {client, server};
    }

    /** The first line of the client's error, without the {@code module.Class: } prefix's traceback around it. */
    private static String skySaid(SkyRunResult status) {
        List<String> tail = status.tail();
        for (String line : tail) {
            String trimmed = line.trim();
            if (trimmed.startsWith("sky.exceptions.") || trimmed.startsWith("RuntimeError:")
                    || trimmed.startsWith("ValueError:")) {
                // "... at <url>. Please run:" announces a command on the next line: our fix replaces it.
                if (trimmed.endsWith(":") && trimmed.contains(". ")) {
                    trimmed = trimmed.substring(0, trimmed.lastIndexOf(". ") + 1);
                }
                return trimmed.endsWith(".") ? trimmed : trimmed + ".";
            }
        }
        String last = status.lastErrorLine();
        return last.isEmpty() ? "(sky printed nothing)." : last;
    }
}
