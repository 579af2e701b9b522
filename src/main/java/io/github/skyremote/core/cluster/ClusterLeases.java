package io.github.skyremote.core.cluster;

import io.github.skyremote.core.AtomicFiles;
import io.github.skyremote.core.SkyLog;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which Maven builds use the cluster a name file names: one lease file per build in a directory beside the name file
 * ({@code .cluster_name_gpu.leases/<pid>-<random>.json}), so that a build tearing the cluster down can see that
 * another one (a second {@code mvn} on the same checkout) still uses it. A lease whose process is gone (killed,
 * crashed) is stale: it is ignored and removed. Callers hold the name file's lock ({@link ClusterNameFile#withLock})
 * while they read and write leases. Leases are per machine: the process check uses local pids.
 */
public final class ClusterLeases {
    // Jackson's streaming API, not an ObjectMapper: every remote goal writes and reads a lease, and data binding would
    // load about 600 classes (5 MB of metaspace, on Maven 3 a metadata GC cycle) for two flat records.
    private static final JsonFactory JSON = new JsonFactory();
    private static final String REQUEST = "teardown-request.json";

    /**
     * One build's lease.
     *
     * @param id file name without {@code .json}: {@code <pid>-<random>}, unique even for two builds in one JVM
     * @param processStart the process's start time (epoch millis), so that a reused pid is not taken for the build;
     *        null when the OS does not tell
     * @param command the command line the build runs, as the build tool spells it, for messages
     * @param users the modules of the build that use the cluster (groupId:artifactId)
     * @param finished the users that are done with it
     * @param teardown the build tears the cluster down once its last user is done (it binds {@code remote:down})
     * @param keep the build keeps the cluster ({@code remote.keep})
     * @param cluster the cluster the build named with the cluster setting, or null when it uses the name file
     * @param done the build already tore the cluster down (or handed that over): nothing is left to do at its end
     */
    public record Lease(String id, long pid, Long processStart, String command, List<String> users,
            List<String> finished, boolean teardown, boolean keep, String cluster, boolean done) {
        public Lease {
            users = users == null ? List.of() : List.copyOf(users);
            finished = finished == null ? List.of() : List.copyOf(finished);
        }

        /** Users that are not finished. */
        public List<String> unfinished() {
            return users.stream().filter(user -> !finished.contains(user)).toList();
        }

        Lease with(List<String> newUsers, List<String> newFinished, boolean newTeardown, boolean newKeep,
                String newCluster, boolean newDone) {
            return new Lease(id, pid, processStart, command, newUsers, newFinished, newTeardown, newKeep, newCluster,
                    newDone);
        }

        /** "pid 1234, COMMAND, since 12:03:04Z" for messages. */
        public String describe() {
            String since = processStart == null ? "" : ", since " + Instant.ofEpochMilli(processStart).toString();
            return "pid " + pid + (command == null || command.isBlank() ? "" : ", " + command) + since;
        }
    }

    /** A build that asked for the teardown but left it to the builds still using the cluster. */
    public record TeardownRequest(String cluster, long pid, String command) {
    }

    /** Tells whether the process of a lease still runs; tests replace it. */
    @FunctionalInterface
    public interface ProcessProbe {
        boolean alive(long pid, Long processStart);

        ProcessProbe SYSTEM = (pid, start) -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(handle -> start == null || handle.info().startInstant()
                        .map(instant -> instant.toEpochMilli() == start).orElse(true))
                .orElse(false);
    }

    private final Path directory;
    private final ProcessProbe probe;

    public ClusterLeases(ClusterNameFile nameFile) {
        this(nameFile, ProcessProbe.SYSTEM);
    }

    public ClusterLeases(ClusterNameFile nameFile, ProcessProbe probe) {
        this.directory = nameFile.path().resolveSibling(nameFile.path().getFileName() + ".leases");
        this.probe = probe;
    }

    public Path directory() {
        return directory;
    }

    /** A new lease id for this process: {@code <pid>-<random>}. */
    public static String newId(long pid, java.util.random.RandomGenerator random) {
        return pid + "-" + String.format("%08x", random.nextInt());
    }

    /** This process's start time (epoch millis), or null when the OS does not tell. */
    public static Long currentProcessStart() {
        return ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(null);
    }

    public Optional<Lease> read(String id) throws IOException {
        return readJson(directory.resolve(id + ".json"), ClusterLeases::readLease);
    }

    /** Writes the lease atomically (other builds read leases at any time). */
    public void write(Lease lease) throws IOException {
        writeJson(directory.resolve(lease.id() + ".json"), json -> writeLease(json, lease));
    }

    /** Removes the lease; the directory too once nothing is left in it. */
    public void delete(String id) throws IOException {
        Files.deleteIfExists(directory.resolve(id + ".json"));
        removeDirectoryIfEmpty();
    }

    /** The leases of other builds whose process still runs; stale ones (process gone) are removed on the way. */
    public List<Lease> liveOthers(String ownId, SkyLog log) throws IOException {
        List<Lease> live = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return live;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.json")) {
            stream.forEach(files::add);
        }
        for (Path file : files) {
            if (file.getFileName().toString().equals(REQUEST)
                    || file.getFileName().toString().equals(ownId + ".json")) {
                continue;
            }
            Optional<Lease> lease;
            try {
                lease = readJson(file, ClusterLeases::readLease);
            } catch (IOException e) {
                log.warn("Ignoring the unreadable lease " + file + ": " + e.getMessage());
                continue;
            }
            if (lease.isEmpty()) {
                continue;
            }
            if (probe.alive(lease.get().pid(), lease.get().processStart())) {
                live.add(lease.get());
            } else {
                log.debug("Removing the stale lease " + file + ": its build (" + lease.get().describe()
                        + ") is gone.");
                Files.deleteIfExists(file);
            }
        }
        live.sort((a, b) -> a.id().compareTo(b.id()));
        return live;
    }

    /** Leaves the teardown of {@code cluster} to the last build that still uses it. */
    public void requestTeardown(TeardownRequest request) throws IOException {
        writeJson(directory.resolve(REQUEST), json -> writeRequest(json, request));
    }

    public Optional<TeardownRequest> teardownRequest() throws IOException {
        try {
            return readJson(directory.resolve(REQUEST), ClusterLeases::readRequest);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void clearTeardownRequest() throws IOException {
        Files.deleteIfExists(directory.resolve(REQUEST));
        removeDirectoryIfEmpty();
    }

    private void removeDirectoryIfEmpty() throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            if (stream.iterator().hasNext()) {
                return;
            }
        }
        try {
            Files.deleteIfExists(directory);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // Another build wrote a lease in between: it stays.
        }
    }

    /** Reads one JSON object into a record; the parser stands on its START_OBJECT. */
    @FunctionalInterface
    private interface JsonReader<T> {
        T read(JsonParser json) throws IOException;
    }

    @FunctionalInterface
    private interface JsonWriter {
        void write(JsonGenerator json) throws IOException;
    }

    private static <T> Optional<T> readJson(Path file, JsonReader<T> reader) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try (JsonParser json = JSON.createParser(text)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(json, "expected a JSON object");
            }
            return Optional.of(reader.read(json));
        }
    }

    private void writeJson(Path file, JsonWriter writer) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            writer.write(json);
            json.writeEndObject();
        }
        AtomicFiles.writeString(file, text.toString());
    }

    // The field names are the record components', as Jackson's data binding wrote them; unknown fields are skipped
    // (a newer plugin may add some), a missing one reads as null, 0 or false.
    private static Lease readLease(JsonParser json) throws IOException {
        String id = null;
        String command = null;
        String cluster = null;
        long pid = 0;
        Long processStart = null;
        List<String> users = null;
        List<String> finished = null;
        boolean teardown = false;
        boolean keep = false;
        boolean done = false;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "id" -> id = string(json);
                case "pid" -> pid = json.getLongValue();
                case "processStart" -> processStart = value == JsonToken.VALUE_NULL ? null : json.getLongValue();
                case "command" -> command = string(json);
                case "users" -> users = strings(json);
                case "finished" -> finished = strings(json);
                case "teardown" -> teardown = json.getBooleanValue();
                case "keep" -> keep = json.getBooleanValue();
                case "cluster" -> cluster = string(json);
                case "done" -> done = json.getBooleanValue();
                default -> json.skipChildren();
            }
        }
        return new Lease(id, pid, processStart, command, users, finished, teardown, keep, cluster, done);
    }

    private static void writeLease(JsonGenerator json, Lease lease) throws IOException {
        json.writeStringField("id", lease.id());
        json.writeNumberField("pid", lease.pid());
        json.writeFieldName("processStart");
        if (lease.processStart() == null) {
            json.writeNull();
        } else {
            json.writeNumber(lease.processStart());
        }
        json.writeStringField("command", lease.command());
        writeStrings(json, "users", lease.users());
        writeStrings(json, "finished", lease.finished());
        json.writeBooleanField("teardown", lease.teardown());
        json.writeBooleanField("keep", lease.keep());
        json.writeStringField("cluster", lease.cluster());
        json.writeBooleanField("done", lease.done());
    }

    private static TeardownRequest readRequest(JsonParser json) throws IOException {
        String cluster = null;
        long pid = 0;
        String command = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "cluster" -> cluster = string(json);
                case "pid" -> pid = json.getLongValue();
                case "command" -> command = string(json);
                default -> json.skipChildren();
            }
        }
        return new TeardownRequest(cluster, pid, command);
    }

    private static void writeRequest(JsonGenerator json, TeardownRequest request) throws IOException {
        json.writeStringField("cluster", request.cluster());
        json.writeNumberField("pid", request.pid());
        json.writeStringField("command", request.command());
    }

    /** A string or null; any other value is an error, as data binding made it. */
    private static String string(JsonParser json) throws IOException {
        return switch (json.currentToken()) {
            case VALUE_STRING -> json.getText();
            case VALUE_NULL -> null;
            default -> throw new JsonParseException(json, "expected a string, not " + json.currentToken());
        };
    }

    private static List<String> strings(JsonParser json) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (json.currentToken() != JsonToken.START_ARRAY) {
            throw new JsonParseException(json, "expected an array of strings, not " + json.currentToken());
        }
        List<String> values = new ArrayList<>();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            if (json.currentToken() != JsonToken.VALUE_STRING) {
                throw new JsonParseException(json, "expected a string, not " + json.currentToken());
            }
            values.add(json.getText());
        }
        return values;
    }

    private static void writeStrings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
