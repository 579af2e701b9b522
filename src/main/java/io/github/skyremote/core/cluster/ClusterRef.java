package io.github.skyremote.core.cluster;

/**
 * A cluster and where its name came from, so messages can say "(from .cluster_name_gpu)".
 *
 * @param name the cluster name
 * @param source where the name came from, e.g. {@code .cluster_name_gpu} or {@code -Dcluster}
 * @param device the device, for provision hints
 */
public record ClusterRef(String name, String source, Device device) {
    public String provisionCommand() {
        return "mvn remote:provision -Ddevice=" + device + " -Daccelerator=" + device.exampleAccelerator();
    }
}
