package io.github.skyremote.core.job;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.skyremote.core.AtomicFiles;
import io.github.skyremote.core.cluster.ClusterNames;
import java.io.IOException;
import java.io.StringWriter;
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
    // Jackson's streaming API, not an ObjectMapper: every exec records its job, and data binding would load about 600
    // classes (on Maven 3 a metadata GC cycle and ~15 MB of peak RSS) for a flat list.
    private static final JsonFactory JSON = new JsonFactory();
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
                AtomicFiles.writeString(file, write(entries.subList(Math.max(0, entries.size() - KEPT),
                        entries.size())));
            }
        }
    }

    /** {@code {"jobs": [{"id": 7, "what": "train.py", "submittedAt": "2026-..."}, ...]}}, pretty-printed. */
    static String write(List<Entry> entries) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeArrayFieldStart("jobs");
            for (Entry entry : entries) {
                json.writeStartObject();
                json.writeNumberField("id", entry.id());
                json.writeStringField("what", entry.what());
                json.writeStringField("submittedAt", entry.submittedAt().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return text + "\n";
    }

    /** The entries of a file; none when it is missing or unreadable (a record is a convenience, never a must). */
    private static List<Entry> read(Path file) {
        try (JsonParser json = JSON.createParser(file.toFile())) {
            return read(json);
        } catch (IOException e) {
            return new ArrayList<>(); // missing, or not ours to read
        }
    }

    static List<Entry> read(JsonParser json) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (json.nextToken() != JsonToken.START_OBJECT) {
            return entries;
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (!field.equals("jobs") || value != JsonToken.START_ARRAY) {
                json.skipChildren();
                continue;
            }
            while (json.nextToken() != JsonToken.END_ARRAY) {
                if (json.currentToken() != JsonToken.START_OBJECT) {
                    json.skipChildren();
                    continue;
                }
                entry(json).ifPresent(entries::add);
            }
        }
        return entries;
    }

    /** One job object, the parser on its start; empty without a usable id. */
    private static Optional<Entry> entry(JsonParser json) throws IOException {
        long id = -1;
        String what = "";
        Instant at = Instant.EPOCH;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (value.isStructStart()) {
                json.skipChildren(); // no field of ours is an object or an array
                continue;
            }
            switch (field) {
                case "id" -> id = value == JsonToken.VALUE_NUMBER_INT ? json.getLongValue()
                        : value == JsonToken.VALUE_STRING ? parseId(json.getText()) : -1;
                case "what" -> what = value != JsonToken.VALUE_NULL ? json.getText() : "";
                case "submittedAt" -> at = instant(value == JsonToken.VALUE_STRING ? json.getText() : "");
                default -> { }
            }
        }
        return id >= 0 ? Optional.of(new Entry(id, what, at)) : Optional.empty();
    }

    private static long parseId(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
