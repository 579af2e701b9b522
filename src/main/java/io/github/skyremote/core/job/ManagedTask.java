package io.github.skyremote.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.cluster.Accelerator;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.cluster.TaskYaml;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SkyPilot task YAML of a managed job ({@code sky jobs launch}): the job's {@code name}, the {@code workdir} that is
 * uploaded, its {@code resources} and {@code setup} as {@code remote:provision} renders them ({@link TaskYaml}: the
 * accelerator, TPU arguments, spot, infra, a setup that installs uv), its {@code envs}, and as {@code run} the same
 * remote command {@code sky exec} would run. Secrets are not in it: they go by name on the command line
 * ({@code --secret NAME}), their values only in the environment of {@code sky}.
 */
public final class ManagedTask {
    /** SkyPilot's recovery strategies ({@code sky/jobs/recovery_strategy.py}); {@code none} turns recovery off. */
    public static final Set<String> RECOVERY_STRATEGIES = Set.of("EAGER_NEXT_REGION", "FAILOVER", "NONE");

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            // An env value "1" or "true" must stay a string: SkyPilot's schema wants strings.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());

    private ManagedTask() {
    }

    /**
     * What the managed job is.
     *
     * @param name the job's name: unique per run, so that it can be cancelled by name before its id is known
     * @param infra e.g. {@code gcp}; null for SkyPilot's choice
     * @param envs environment variables (values visible in the YAML); secrets are not here
     */
    public record Spec(String name, Path workdir, String run, Device device, Accelerator accelerator, boolean useSpot,
            String infra, Map<String, String> envs) {
    }

    public static String render(Spec spec) throws BadInputException {
        JsonNode base;
        try {
            base = YAML.readTree(TaskYaml.render(new TaskYaml.Spec(spec.device(), spec.accelerator(), spec.useSpot(),
                    spec.infra(), null, null, null, null)));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read back the rendered resources", e);
        }
        ObjectNode task = JsonNodeFactory.instance.objectNode();
        task.put("name", spec.name());
        task.put("workdir", spec.workdir().toAbsolutePath().normalize().toString());
        task.set("resources", base.get("resources"));
        if (spec.envs() != null && !spec.envs().isEmpty()) {
            ObjectNode envs = task.putObject("envs");
            spec.envs().forEach((key, value) -> envs.put(key, value == null ? "" : value));
        }
        task.set("setup", base.get("setup"));
        task.put("run", spec.run());
        try {
            return YAML.writeValueAsString(task);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot render the managed job's task YAML", e);
        }
    }

    /**
     * A name for one run: {@code <what>-<5 random digits>}, from the script or test path, valid as SkyPilot wants job
     * names (its cluster-name rule), at most 40 characters.
     */
    public static String jobName(String what, SecureRandom random) {
        String stem = what.toLowerCase(Locale.ROOT).replaceAll("\\.py\\b", "").replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
        if (stem.length() > 33) {
            stem = stem.substring(0, 33).replaceAll("-+$", "");
        }
        return (stem.isEmpty() ? "job" : stem) + "-" + String.format(Locale.ROOT, "%05d", random.nextInt(100_000));
    }

    /** The strategy as SkyPilot spells it, or null for SkyPilot's default; bad values fail before anything runs. */
    public static String recoveryStrategy(String value) throws BadInputException {
        if (value == null || value.isBlank()) {
            return null;
        }
        String strategy = value.trim().toUpperCase(Locale.ROOT);
        if (!RECOVERY_STRATEGIES.contains(strategy)) {
            throw new BadInputException(Message.of("'" + value.trim() + "' (", Setting.JOB_RECOVERY.named(),
                    ") is not a SkyPilot recovery strategy."), Message.of("Use ", Setting.JOB_RECOVERY.option(
                            "EAGER_NEXT_REGION"), " (SkyPilot's default), FAILOVER or none; or leave ",
                            Setting.JOB_RECOVERY.named(), " out."));
        }
        return strategy.equals("NONE") ? "none" : strategy;
    }
}
