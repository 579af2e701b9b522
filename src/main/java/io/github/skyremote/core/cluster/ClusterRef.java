package io.github.skyremote.core.cluster;

import io.github.skyremote.core.Action;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;

/**
 * A cluster and where its name came from, so messages can say "(from .cluster_name_gpu)".
 *
 * @param name the cluster name
 * @param source where the name came from, e.g. {@code .cluster_name_gpu} or the {@link Setting#CLUSTER} setting
 * @param device the device, for provision hints
 */
public record ClusterRef(String name, Message source, Device device) {
    /** @param source where the name came from, as plain text (a file name, "this launch") */
    public ClusterRef(String name, String source, Device device) {
        this(name, Message.of(source), device);
    }

    /** A cluster the user named with the {@link Setting#CLUSTER} setting. */
    public static ClusterRef named(String name, Device device) {
        return new ClusterRef(name, Message.of(Setting.CLUSTER.option()), device);
    }

    /** The command that provisions a new cluster for the device. */
    public Message provisionCommand() {
        return provisionCommand(device);
    }

    /** The command that provisions a new cluster for the device, with the device's example accelerator. */
    public static Message provisionCommand(Device device) {
        return Message.of(Action.PROVISION.run(Setting.DEVICE.option(device.toString()),
                Setting.ACCELERATOR.option(device.exampleAccelerator())));
    }
}
