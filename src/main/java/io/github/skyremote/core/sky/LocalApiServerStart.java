package io.github.skyremote.core.sky;

import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.process.Outcome;
import io.github.skyremote.core.process.OutputMode;
import io.github.skyremote.core.process.ProcessLauncher;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Under Jenkins without a team API server, starts the local API server so that it outlives the build. SkyPilot's
 * first {@code sky} call would start it anyway, with a copy of the build's environment (sky/server/common.py); at the
 * build's end Jenkins' ProcessTreeKiller kills every process whose environment carries the build's
 * {@code JENKINS_NODE_COOKIE} (pipelines) or {@code BUILD_ID} (freestyle jobs), the server with it, and the next build
 * pays its start-up again while concurrent builds lose their requests. Started by {@code sky api start} with those
 * variables set to {@code dontKillMe}, as Jenkins documents for daemons a build starts, it stays. A server that runs
 * already is left as it is ({@code sky api start} only checks it).
 */
public final class LocalApiServerStart {
    /** The variables by which Jenkins finds a build's processes. */
    static final List<String> BUILD_MARKERS = List.of("JENKINS_NODE_COOKIE", "BUILD_ID");
    static final String NEUTRAL = "dontKillMe";

    private LocalApiServerStart() {
    }

    /** True under Jenkins ({@code JENKINS_URL} set) when no team API server is configured. */
    public static boolean applies(Map<String, String> processEnvironment, ApiServerAccess access) {
        String jenkins = processEnvironment.get("JENKINS_URL");
        return !access.teamMode() && jenkins != null && !jenkins.isBlank();
    }

    /** The build's markers, present in its environment, set to {@value #NEUTRAL}. */
    static Map<String, String> neutralised(Map<String, String> processEnvironment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String marker : BUILD_MARKERS) {
            if (processEnvironment.containsKey(marker)) {
                env.put(marker, NEUTRAL);
            }
        }
        return env;
    }

    /**
     * Runs {@code sky api start} outside the build's process tree. A failure is only a warning: the server then
     * starts with the first command, as without this, and that command reports what is wrong.
     *
     * @param launcher the build's launcher, without the variables of {@link ApiServerAccess} (secrets from settings.xml
     *        have no business in a server that outlives the build)
     */
    public static void start(ProcessLauncher launcher, Path workingDirectory, SkyCommandBuilder sky,
            SkyRunSettings settings, Map<String, String> processEnvironment, SkyLog log) {
        Map<String, String> markers = neutralised(processEnvironment);
        ProcessLauncher outsideTheBuild = (argv, directory, environment) -> {
            Map<String, String> merged = new HashMap<>(environment);
            merged.putAll(markers);
            return launcher.start(argv, directory, merged);
        };
        log.info(Message.of("Jenkins without a team API server (JENKINS_URL is set, ", Setting.API_SERVER.named(),
                " is not): starting the local SkyPilot API server with `sky api start` and " + String.join("/", markers.keySet().isEmpty()
                        ? BUILD_MARKERS : List.copyOf(markers.keySet())) + "=" + NEUTRAL + ", so that it outlives"
                + " this build and serves the next ones (Jenkins kills a build's processes at its end). Stop it with:"
                + " sky api stop"));
        SkyRunResult result;
        try {
            result = new SkyRunner(outsideTheBuild, workingDirectory, log).run(sky.apiStart(),
                    settings.toBuilder().output(OutputMode.CAPTURED).build());
        } catch (SkyFailedException e) {
            log.warn("Could not run sky api start: " + e.getMessage() + " The first sky command starts the server.");
            return;
        }
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            log.warn("sky api start did not succeed (stopped): " + result.lastErrorLine()
                    + " The first sky command starts the server.");
        } else if (exited.code() != 0) {
            log.warn("sky api start did not succeed (exit code " + exited.code() + "): " + result.lastErrorLine()
                    + " The first sky command starts the server.");
        }
    }
}
