package io.github.skyremote.core.cluster;

import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** Cluster names: SkyPilot's validity rule and the names {@code remote:provision} makes. */
public final class ClusterNames {
    /** {@code CLUSTER_NAME_VALID_REGEX} of sky/skylet/constants.py. */
    private static final Pattern VALID = Pattern.compile("[a-zA-Z]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?");
    private static final int MAX_EXPERIMENT_LENGTH = 20;
    private static final int MAX_JOB_LENGTH = 24;

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
        return newName(device, accelerator, experiment, null, random);
    }

    /**
     * A new name with the job's tag before the digits ({@code gpu-<experiment>-<job>-<5 digits>}), so that builds
     * sharing one team API server never pick the same name; {@code job} null or blank for none.
     */
    public static String newName(Device device, Accelerator accelerator, String experiment, String job,
            RandomGenerator random) {
        String digits = String.format(Locale.ROOT, "%05d", random.nextInt(100_000));
        String sanitized = sanitizeExperiment(experiment);
        String tag = job == null || job.isBlank() ? "" : "-" + sanitizeJob(job);
        String name = device == Device.TPU
                ? "tpu-" + sanitizeAccelerator(accelerator) + "-" + sanitized + tag + "-" + digits
                : "gpu-" + sanitized + tag + "-" + digits;
        if (!isValid(name)) {
            throw new IllegalStateException("Generated an invalid cluster name: " + name);
        }
        return name;
    }

    /**
     * Who launches, for names under a team API server: Jenkins' {@code BUILD_TAG} ({@code jenkins-<job>-<build>}) when
     * set, else the user's name. Null when neither is known.
     */
    public static String jobIdentity(java.util.Map<String, String> environment, String userName) {
        String buildTag = environment.get("BUILD_TAG");
        if (buildTag != null && !buildTag.isBlank()) {
            return buildTag.trim();
        }
        return userName == null || userName.isBlank() ? null : userName.trim();
    }

    /**
     * The build's identity as a part of a name: characters SkyPilot refuses become {@code -} (runs of them one), a
     * leading {@code jenkins-} (every Jenkins {@code BUILD_TAG} has it) is dropped, and a tag longer than
     * {@value #MAX_JOB_LENGTH} characters keeps its first part and a hash of the whole, so it stays unique.
     */
    static String sanitizeJob(String job) {
        String tag = job.replaceAll("[^a-zA-Z0-9._-]+", "-").replaceAll("-{2,}", "-").toLowerCase(Locale.ROOT);
        if (tag.startsWith("jenkins-") && tag.length() > "jenkins-".length()) {
            tag = tag.substring("jenkins-".length());
        }
        tag = tag.replaceAll("^[-._]+", "").replaceAll("[-._]+$", "");
        if (tag.length() > MAX_JOB_LENGTH) {
            String hash = sha256Hex(job).substring(0, 6);
            tag = tag.substring(0, MAX_JOB_LENGTH - 7).replaceAll("[-._]+$", "") + "-" + hash;
        }
        return tag.isEmpty() ? "job" : tag;
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format(Locale.ROOT, "%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * The accelerator as the skill's TPU script puts it in the name ({@code tpu-tpu-v6e-1-matmul-12345}), with
     * characters SkyPilot refuses in names turned into {@code -}.
     */
    private static String sanitizeAccelerator(Accelerator accelerator) {
        return accelerator.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    }
}
