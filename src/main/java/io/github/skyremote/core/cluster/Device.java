package io.github.skyremote.core.cluster;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The device table of the exec-remote workflow: one row per kind of accelerator a cluster carries. */
public enum Device {
    GPU("gpu", ".cluster_name_gpu", "gpu", "0", List.of("dev"), "H100:1"),
    TPU("tpu", ".cluster_name_tpu", "tpu", "", List.of(), "tpu-v6e-1");

    private final String id;
    private final String nameFile;
    private final String extra;
    private final String defaultCudaVisibleDevices;
    private final List<String> defaultGroups;
    private final String exampleAccelerator;

    Device(String id, String nameFile, String extra, String defaultCudaVisibleDevices, List<String> defaultGroups,
            String exampleAccelerator) {
        this.id = id;
        this.nameFile = nameFile;
        this.extra = extra;
        this.defaultCudaVisibleDevices = defaultCudaVisibleDevices;
        this.defaultGroups = defaultGroups;
        this.exampleAccelerator = exampleAccelerator;
    }

    /** Parses {@code gpu} or {@code tpu} (any case). */
    public static Device parse(String value) throws BadInputException {
        if (value == null || value.isBlank()) {
            throw new BadInputException(Message.of("No device given."), Message.of("Choose one: ",
                    Setting.DEVICE.option(choices()), " (or ", Setting.DEVICE.configured(),
                    " in the plugin configuration)."));
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (Device device : values()) {
            if (device.id.equals(wanted)) {
                return device;
            }
        }
        throw new BadInputException(Message.of("Unknown device '" + value + "'."),
                Message.of("Use ", Setting.DEVICE.option(choices()), "."));
    }

    /** {@code gpu|tpu}. */
    public static String choices() {
        return Arrays.stream(values()).map(Device::id).collect(Collectors.joining("|"));
    }

    public String id() {
        return id;
    }

    /** File in the project root that holds the cluster's name, e.g. {@code .cluster_name_gpu}. */
    public String nameFile() {
        return nameFile;
    }

    /** The uv extra that selects this device's dependencies. */
    public String extra() {
        return extra;
    }

    /** Value exported as CUDA_VISIBLE_DEVICES before the job; empty means no export. */
    public String defaultCudaVisibleDevices() {
        return defaultCudaVisibleDevices;
    }

    /** uv dependency groups used when none are configured; dropped when pyproject.toml lacks them. */
    public List<String> defaultGroups() {
        return defaultGroups;
    }

    /** An accelerator to show in hints. */
    public String exampleAccelerator() {
        return exampleAccelerator;
    }

    @Override
    public String toString() {
        return id;
    }
}
