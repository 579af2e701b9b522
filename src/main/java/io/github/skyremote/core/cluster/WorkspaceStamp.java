package io.github.skyremote.core.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.skyremote.core.AtomicFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Which workspace wrote a cluster name file: the machine and the directory the file was written in, kept beside it
 * ({@code .cluster_name_gpu.owner}, JSON). A name file copied to another agent or directory (a Jenkins stash, a
 * restored or shared workspace, a commit) keeps the stamp of where it was written, so {@code remote:down} can tell that
 * the cluster it names may serve another build on a team API server.
 *
 * @param cluster the name the file held when it was written
 * @param host the machine's host name
 * @param directory the directory of the name file, absolute
 * @param job Jenkins' {@code BUILD_TAG} of the build that wrote it, for messages; null outside Jenkins
 * @param writtenAt when (ISO-8601), for messages
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkspaceStamp(String cluster, String host, String directory, String job, String writtenAt) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BYTES = 16_384;

    /** The stamp this workspace writes for the name file now. */
    static WorkspaceStamp of(ClusterNameFile file, String cluster) {
        String job = System.getenv("BUILD_TAG");
        return new WorkspaceStamp(cluster, hostName(), file.path().getParent().toString(),
                job == null || job.isBlank() ? null : job, Instant.now().toString());
    }

    /** Same machine and directory: what makes a workspace, whatever build or time wrote the file. */
    boolean sameWorkspace(WorkspaceStamp other) {
        return host.equals(other.host) && directory.equals(other.directory);
    }

    void write(Path file) throws IOException {
        AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
    }

    /** The stamp in the file; empty when there is none or it cannot be read (then it says nothing). */
    static Optional<WorkspaceStamp> read(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            WorkspaceStamp stamp = JSON.readValue(file.toFile(), WorkspaceStamp.class);
            return stamp.cluster() == null || stamp.host() == null || stamp.directory() == null ? Optional.empty()
                    : Optional.of(stamp);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** "host agent-7, directory /ws/job (jenkins-job-12), 2026-05-01T10:00:00Z" for messages. */
    public String describe() {
        return "host " + host + ", directory " + directory + (job == null ? "" : " (" + job + ")")
                + (writtenAt == null ? "" : ", " + writtenAt);
    }

    /**
     * The machine's name: the kernel's on Linux (no DNS lookup, which can hang), else Java's.
     */
    static String hostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String name = Files.readString(kernel).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String name = System.getenv(variable);
            if (name != null && !name.isBlank()) {
                return name.strip();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
