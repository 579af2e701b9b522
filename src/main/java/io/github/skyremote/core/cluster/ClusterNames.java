package io.github.skyremote.core.cluster;

import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** Cluster names: SkyPilot's validity rule and the names {@code remote:provision} makes. */
public final class ClusterNames {
    /** {@code CLUSTER_NAME_VALID_REGEX} of sky/skylet/constants.py. */
    private static final Pattern VALID = Pattern.compile("[a-zA-Z]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?");
    private static final int MAX_EXPERIMENT_LENGTH = 20;

    private ClusterNames() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /**
     * Sanitizes an experiment name as the skill's launch scripts do: invalid characters become {@code -},
     * leading non-letters and trailing {@code -._} are stripped, at most 20 characters, {@code default} when empty.
     */
    public static String sanitizeExperiment(String experiment) {
        String name = experiment == null ? "" : experiment;
        name = name.replaceAll("[^a-zA-Z0-9._-]", "-");
        name = name.replaceAll("^[^a-zA-Z]*", "");
        name = name.replaceAll("[-._]*$", "");
        if (name.length() > MAX_EXPERIMENT_LENGTH) {
            name = name.substring(0, MAX_EXPERIMENT_LENGTH);
        }
        // The cut may leave a trailing separator, which SkyPilot's rule forbids at the end of the whole name only;
        // the random suffix follows, so it is harmless, but we keep names tidy.
        name = name.replaceAll("[-._]*$", "");
        return name.isEmpty() ? "default" : name;
    }

    /**
     * A new name: {@code gpu-<experiment>-<5 digits>} or {@code tpu-<accelerator>-<experiment>-<5 digits>}.
     */
    public static String newName(Device device, Accelerator accelerator, String experiment, RandomGenerator random) {
        String digits = String.format(Locale.ROOT, "%05d", random.nextInt(100_000));
        String sanitized = sanitizeExperiment(experiment);
        String name = device == Device.TPU
                ? "tpu-" + sanitizeAccelerator(accelerator) + "-" + sanitized + "-" + digits
                : "gpu-" + sanitized + "-" + digits;
        if (!isValid(name)) {
            throw new IllegalStateException("Generated an invalid cluster name: " + name);
        }
        return name;
    }

    /**
     * The accelerator as the skill's TPU script puts it in the name ({@code tpu-tpu-v6e-1-matmul-12345}), with
     * characters SkyPilot refuses in names turned into {@code -}.
     */
    private static String sanitizeAccelerator(Accelerator accelerator) {
        return accelerator.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    }
}
