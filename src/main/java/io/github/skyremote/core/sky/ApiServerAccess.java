package io.github.skyremote.core.sky;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.process.ProcessLauncher;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How this build's {@code sky} processes reach their SkyPilot API server, and the values only their environment may
 * carry. Team mode is on when an endpoint is known: the {@code apiServer} parameter, else
 * {@code SKYPILOT_API_SERVER_ENDPOINT} already in the build's environment (an endpoint in SkyPilot's own
 * {@code ~/.sky/config.yaml} is SkyPilot's business: the plugin adds nothing then). The service-account token and the
 * secrets read from settings.xml reach {@code sky} only through its environment ({@link #launcher}), never argv, a
 * file or the log.
 */
public final class ApiServerAccess {
    public static final String ENDPOINT_VARIABLE = "SKYPILOT_API_SERVER_ENDPOINT";
    public static final String TOKEN_VARIABLE = "SKYPILOT_SERVICE_ACCOUNT_TOKEN";
    /** SkyPilot refuses to start a local API server with this set: with a team server none may start in its place. */
    static final String NO_LOCAL_SERVER_VARIABLE = "SKYPILOT_DISABLE_LOCAL_API_SERVER";
    /** What every service-account token starts with; the client refuses others with a traceback. */
    public static final String TOKEN_PREFIX = "sky_";

    /** A secret value and where it came from (for messages): never its value in a message. */
    public record Credential(String value, String source) {
        @Override
        public String toString() {
            return source;
        }
    }

    public static final ApiServerAccess NONE = new ApiServerAccess(null, null, null, Map.of());

    private final String endpoint;
    private final Message endpointSource;
    private final Credential token;
    private final Map<String, Credential> secrets;

    private ApiServerAccess(String endpoint, Message endpointSource, Credential token, Map<String, Credential> secrets) {
        this.endpoint = endpoint;
        this.endpointSource = endpointSource;
        this.token = token;
        this.secrets = Map.copyOf(secrets);
    }

    /**
     * @param apiServer the {@code apiServer} parameter; null or blank for none
     * @param processEnvironment the build's environment
     * @param token the service-account token read from settings.xml; null for none (then whatever the environment or
     *        SkyPilot's config holds applies)
     * @param secrets environment variables of the {@code sky} process whose values come from settings.xml
     */
    public static ApiServerAccess resolve(String apiServer, Map<String, String> processEnvironment, Credential token,
            Map<String, Credential> secrets) throws BadInputException {
        String endpoint = null;
        Message source = null;
        if (apiServer != null && !apiServer.isBlank()) {
            endpoint = checkedEndpoint(apiServer.trim(), Message.of(Setting.API_SERVER.named()),
                    Message.of(Setting.API_SERVER.option("https://skypilot.example.com")));
            source = Message.of(Setting.API_SERVER.named());
        } else {
            String inherited = processEnvironment.get(ENDPOINT_VARIABLE);
            if (inherited != null && !inherited.isBlank()) {
                endpoint = checkedEndpoint(inherited.trim(), Message.of(ENDPOINT_VARIABLE + " in the environment"),
                        Message.of("export " + ENDPOINT_VARIABLE + "=https://skypilot.example.com, or set ",
                                Setting.API_SERVER.option()));
                source = Message.of(ENDPOINT_VARIABLE + " in the environment");
            }
        }
        if (token != null && !token.value().startsWith(TOKEN_PREFIX)) {
            throw new BadInputException(Message.of("The service-account token of " + token.source()
                    + " does not start with '" + TOKEN_PREFIX + "': it is no SkyPilot service-account token (sky would"
                    + " refuse it)."), Message.of("Put the token the SkyPilot dashboard showed (Users > Service"
                            + " Accounts; it starts with " + TOKEN_PREFIX + ") as that server's <password>, or name"
                            + " another server: ", Setting.SERVER_ID.option("<id>")));
        }
        return new ApiServerAccess(endpoint, source, token, secrets == null ? Map.of() : secrets);
    }

    /** A team API server is configured (parameter or environment): preflight, no local server, per-job names. */
    public boolean teamMode() {
        return endpoint != null;
    }

    /** The endpoint as configured (with any {@code user:password@} in it); null outside team mode. */
    public String endpoint() {
        return endpoint;
    }

    /** The endpoint as messages show it: a password in it replaced, as SkyPilot does. */
    public String displayEndpoint() {
        return endpoint == null ? null : redactPassword(endpoint);
    }

    /** The {@code apiServer} setting, or "SKYPILOT_API_SERVER_ENDPOINT in the environment". */
    public Message endpointSource() {
        return endpointSource;
    }

    public Optional<Credential> token() {
        return Optional.ofNullable(token);
    }

    /** Where sky's token comes from, for messages: settings.xml, the environment, or SkyPilot's own config. */
    public String tokenSource(Map<String, String> processEnvironment) {
        if (token != null) {
            return token.source();
        }
        if (processEnvironment.get(TOKEN_VARIABLE) != null) {
            return TOKEN_VARIABLE + " in the environment";
        }
        return "no token given (neither settings.xml nor " + TOKEN_VARIABLE + ")";
    }

    /** The variables every {@code sky} process of this build gets on top of the build's environment. */
    public Map<String, String> childEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (endpoint != null) {
            env.put(ENDPOINT_VARIABLE, endpoint);
            env.put(NO_LOCAL_SERVER_VARIABLE, "1");
        }
        if (token != null) {
            env.put(TOKEN_VARIABLE, token.value());
        }
        secrets.forEach((name, credential) -> env.put(name, credential.value()));
        return env;
    }

    /**
     * The hook through which the variables reach every {@code sky} child (job, status, teardown at the build's end or
     * in a shutdown hook): the build's launcher with {@link #childEnvironment()} added to what it is asked for.
     */
    public ProcessLauncher launcher(ProcessLauncher inner) {
        Map<String, String> extra = childEnvironment();
        if (extra.isEmpty()) {
            return inner;
        }
        return (argv, workingDirectory, environment) -> {
            Map<String, String> merged = new HashMap<>(environment);
            merged.putAll(extra);
            return inner.start(argv, workingDirectory, merged);
        };
    }

    /** The values to mask in everything shown or stored: the token, settings secrets, a password in the URL. */
    public List<String> secretValues() {
        List<String> values = new ArrayList<>();
        if (token != null) {
            values.add(token.value());
        }
        secrets.values().forEach(credential -> values.add(credential.value()));
        String password = urlPassword(endpoint);
        if (password != null) {
            values.add(password);
        }
        return values;
    }

    /** The names of the secrets that come from settings.xml. */
    public java.util.Set<String> settingsSecretNames() {
        return secrets.keySet();
    }

    /** A warning when a token would travel in clear text to another machine ({@code http://} to a non-loopback host). */
    public Optional<String> clearTextWarning() {
        if (endpoint == null || token == null) {
            return Optional.empty();
        }
        URI uri = URI.create(endpoint);
        if (!"http".equalsIgnoreCase(uri.getScheme()) || isLoopback(uri.getHost())) {
            return Optional.empty();
        }
        return Optional.of("The service-account token of " + token.source() + " travels in clear text to "
                + displayEndpoint() + " (http://): anyone on the network path can read it. Use an https:// endpoint.");
    }

    /** One line for the log: which server, from where, and where the token comes from. */
    public Message describe(Map<String, String> processEnvironment) {
        return Message.of("Team SkyPilot API server " + displayEndpoint() + " (from ", endpointSource, "); token: "
                + tokenSource(processEnvironment) + ". No local API server is started.");
    }

    private static String checkedEndpoint(String value, Message what, Message fix) throws BadInputException {
        String url = value.endsWith("/") ? value.replaceAll("/+$", "") : value;
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new BadInputException(Message.of(what, " is '" + redactPassword(value) + "': not an http:// or"
                + " https:// URL of a SkyPilot API server."), Message.of("Set it to the server's URL, e.g. ", fix));
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    private static String urlPassword(String url) {
        if (url == null) {
            return null;
        }
        String userInfo = URI.create(url).getRawUserInfo();
        if (userInfo == null || !userInfo.contains(":")) {
            return null;
        }
        String password = userInfo.substring(userInfo.indexOf(':') + 1);
        return password.isEmpty() ? null : password;
    }

    /** {@code http://user:****@host}, as SkyPilot's own {@code redact_url_password} shows a URL. */
    static String redactPassword(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@', Math.max(scheme, 0));
        int slash = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        if (scheme < 0 || at < 0 || (slash >= 0 && at > slash)) {
            return url;
        }
        String userInfo = url.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            return url;
        }
        return url.substring(0, scheme + 3) + userInfo.substring(0, colon) + ":<redacted>" + url.substring(at);
    }
}
