package io.github.skyremote.core.cluster;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An accelerator request in SkyPilot's grammar, {@code NAME} or {@code NAME:COUNT}. COUNT is a positive number
 * (fractions are allowed by SkyPilot for scheduling jobs on an existing cluster).
 */
public record Accelerator(String name, String count) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");
    private static final Pattern COUNT = Pattern.compile("(\\d+)(\\.\\d+)?");

    /** @param setting the setting the value came from, for messages */
    public static Accelerator parse(String value, Setting setting) throws BadInputException {
        String text = value == null ? "" : value.trim();
        String[] parts = text.split(":", -1);
        Message example = Message.of(setting.option("H100:1"), " (NAME or NAME:COUNT)");
        if (text.isEmpty() || parts.length > 2 || !NAME.matcher(parts[0]).matches()) {
            throw new BadInputException(Message.of("Invalid ", setting.named(), " '" + value
                    + "': expected NAME or NAME:COUNT."),
                    Message.of("For example ", example, "; list what exists with: sky gpus list"));
        }
        String count = null;
        if (parts.length == 2) {
            if (!COUNT.matcher(parts[1]).matches() || Double.parseDouble(parts[1]) <= 0) {
                throw new BadInputException(Message.of("Invalid ", setting.named(), " '" + value + "': the count '"
                        + parts[1] + "' is not a positive number."), Message.of("For example ", example, "."));
            }
            count = parts[1];
        }
        return new Accelerator(parts[0], count);
    }

    public boolean isTpu() {
        return name.toLowerCase(Locale.ROOT).startsWith("tpu-");
    }

    /** Checks that the accelerator fits the device: TPU names for tpu, anything else for gpu. */
    public Accelerator requireFits(Device device, Setting setting) throws BadInputException {
        if (device == Device.TPU && !isTpu()) {
            throw new BadInputException(Message.of("Accelerator '" + this + "' is not a TPU, but the device is tpu."),
                    Message.of("Use a TPU name such as ", setting.option("tpu-v6e-1"), " or tpu-v4-8, or ",
                            Setting.DEVICE.option("gpu"), "."));
        }
        if (device == Device.GPU && isTpu()) {
            throw new BadInputException(Message.of("Accelerator '" + this + "' is a TPU, but the device is gpu."),
                    Message.of("Use ", Setting.DEVICE.option("tpu"), " for TPUs, or a GPU such as ",
                            setting.option("H100:1"), "."));
        }
        return this;
    }

    @Override
    public String toString() {
        return count == null ? name : name + ":" + count;
    }
}
