package io.github.skyremote.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.skyremote.core.AtomicFiles;
import io.github.skyremote.core.cluster.ClusterNames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The jobs this workspace submitted, newest last, so that following, cancelling and listing find "the job this
 * workspace last submitted" in a later build (a Jenkins stage after the one that submitted it): one JSON file per
 * cluster ({@code clusters/<name>.json}) and one for managed jobs ({@code managed.json}), each keeping the last
 * {@value #KEPT} entries. Read-modify-write happens under a file lock, so parallel modules and builds lose no entry.
 */
public final class JobRecords {
    private static final int KEPT = 50;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** FileChannel locks are per process: threads of one build take turns here first. */
    private static final Object IN_PROCESS = new Object();

    /**
     * One submitted job.
     *
     * @param what the program, for messages: {@code train.py}, {@code pytest tests}
     * @param submittedAt UTC, seconds
     */
    public record Entry(long id, String what, Instant submittedAt) {
    }

    private final Path dir;

    /** @param dir where the records live, e.g. {@code <project root>/target/remote/jobs} */
    public JobRecords(Path dir) {
        this.dir = dir;
    }

    /**
     * The records of a workspace: {@code <root>/target/remote/jobs}, in the project root (where the cluster name files
     * are), so that every module of a reactor, and a later build in the same checkout, share them.
     */
    public static JobRecords inWorkspace(Path projectRoot) {
        return new JobRecords(projectRoot.resolve("target").resolve("remote").resolve("jobs"));
    }

    public Path directory() {
        return dir;
    }

    /** Records a job submitted to the cluster. */
    public void record(String cluster, long id, String what) throws IOException {
        append(clusterFile(cluster), id, what);
    }

    /** Records a managed job. */
    public void recordManaged(long id, String what) throws IOException {
        append(dir.resolve("managed.json"), id, what);
    }

    /** The job this workspace last submitted to the cluster. */
    public Optional<Entry> last(String cluster) {
        List<Entry> entries = read(clusterFile(cluster));
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }

    /** The managed job this workspace last submitted. */
    public Optional<Entry> lastManaged() {
        List<Entry> entries = read(dir.resolve("managed.json"));
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }

    /** A job this workspace submitted to the cluster, by id. */
    public Optional<Entry> find(String cluster, long id) {
        return read(clusterFile(cluster)).stream().filter(e -> e.id() == id).reduce((a, b) -> b);
    }

    /** A managed job this workspace submitted, by id. */
    public Optional<Entry> findManaged(long id) {
        return read(dir.resolve("managed.json")).stream().filter(e -> e.id() == id).reduce((a, b) -> b);
    }

    /** The clusters this workspace submitted jobs to, the most recently used first. */
    public List<String> clusters() {
        Path clusters = dir.resolve("clusters");
        if (!Files.isDirectory(clusters)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(clusters)) {
            files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(JobRecords::modified).reversed())
                    .forEach(f -> {
                        String file = f.getFileName().toString();
                        String name = file.substring(0, file.length() - ".json".length());
                        if (ClusterNames.isValid(name)) {
                            names.add(name);
                        }
                    });
        } catch (IOException e) {
            return List.of();
        }
        return names;
    }

    /** True when this workspace ever recorded a managed job. */
    public boolean hasManaged() {
        return Files.isRegularFile(dir.resolve("managed.json"));
    }

    private Path clusterFile(String cluster) {
        if (!ClusterNames.isValid(cluster)) {
            throw new IllegalArgumentException("not a cluster name: " + cluster);
        }
        return dir.resolve("clusters").resolve(cluster + ".json");
    }

    private void append(Path file, long id, String what) throws IOException {
        Files.createDirectories(file.getParent());
        synchronized (IN_PROCESS) {
            try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                List<Entry> entries = new ArrayList<>(read(file));
                entries.add(new Entry(id, what, Instant.now().truncatedTo(ChronoUnit.SECONDS)));
                ArrayNode jobs = JSON.createArrayNode();
                for (Entry entry : entries.subList(Math.max(0, entries.size() - KEPT), entries.size())) {
                    ObjectNode node = jobs.addObject();
                    node.put("id", entry.id());
                    node.put("what", entry.what());
                    node.put("submittedAt", entry.submittedAt().toString());
                }
                ObjectNode root = JSON.createObjectNode();
                root.set("jobs", jobs);
                AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            }
        }
    }

    /** The entries of a file; none when it is missing or unreadable (a record is a convenience, never a must). */
    private static List<Entry> read(Path file) {
        List<Entry> entries = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            return entries; // missing, or not ours to read
        }
        for (JsonNode job : root == null ? JSON.createArrayNode() : root.path("jobs")) {
            if (job.path("id").canConvertToLong() && job.path("id").asLong() >= 0) {
                Instant at;
                try {
                    at = Instant.parse(job.path("submittedAt").asText());
                } catch (RuntimeException e) {
                    at = Instant.EPOCH;
                }
                entries.add(new Entry(job.path("id").asLong(), job.path("what").asText(""), at));
            }
        }
        return entries;
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
