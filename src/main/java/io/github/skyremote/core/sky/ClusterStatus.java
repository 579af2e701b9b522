package io.github.skyremote.core.sky;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One cluster's record from {@code sky status}: parsed from {@code -o json} where the CLI has it, from the table
 * otherwise.
 *
 * @param status INIT, UP, STOPPED or AUTOSTOPPING
 * @param autostopMinutes idle minutes before autostop/autodown; negative when none is set
 * @param toDown true when the autostop tears the cluster down (autodown)
 * @param autostopKnown false for the table of old CLIs, which does not show it
 */
public record ClusterStatus(String name, String status, int autostopMinutes, boolean toDown, boolean autostopKnown) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATUSES = Set.of("INIT", "UP", "STOPPED", "AUTOSTOPPING");

    public boolean isUp() {
        return "UP".equals(status) || "AUTOSTOPPING".equals(status);
    }

    /**
     * Finds the cluster in {@code sky status -o json} output, which may hold other lines before and after the JSON: the
     * notice that a local API server was started, {@code Cluster(s) not found: <name>.} (SkyPilot #10713), a notice
     * that itself begins with {@code [}. See {@link #statusList(List)}.
     *
     * @throws IOException when the output holds no JSON list of clusters, or more than one
     */
    public static Optional<ClusterStatus> fromJson(List<String> lines, String name) throws IOException {
        for (JsonNode record : statusList(lines)) {
            if (name.equals(record.path("name").asText())) {
                JsonNode autostop = record.path("autostop");
                return Optional.of(new ClusterStatus(name, record.path("status").asText(""),
                        autostop.isNumber() ? autostop.asInt() : -1, record.path("to_down").asBoolean(false), true));
            }
        }
        return Optional.empty();
    }

    /**
     * The one JSON list of cluster records in the output. {@code sky} prints it with {@code json.dumps(indent=2)}, so it
     * starts at the beginning of a line with {@code [} (nested lists are indented): each such line is tried as the
     * start of one complete JSON value, and what follows that value is ignored. A value counts when it is a list of
     * records with a {@code name} (or empty); anything else (a notice such as {@code [notice] ...}) is skipped.
     */
    static JsonNode statusList(List<String> lines) throws IOException {
        JsonNode found = null;
        int i = 0;
        while (i < lines.size()) {
            if (!lines.get(i).startsWith("[")) {
                i++;
                continue;
            }
            int linesTaken = 1;
            try (JsonParser parser = JSON.createParser(String.join("\n", lines.subList(i, lines.size())))) {
                JsonNode value = JSON.readTree(parser);
                if (isRecordList(value)) {
                    if (found != null) {
                        throw new IOException("sky status printed more than one JSON list");
                    }
                    found = value;
                    linesTaken = Math.max(1, parser.currentLocation().getLineNr());
                }
            } catch (JsonProcessingException e) {
                // Not JSON from this line on: a notice that happens to begin with '['.
            }
            i += linesTaken;
        }
        if (found == null) {
            throw new IOException("no JSON list of clusters in the output of sky status");
        }
        return found;
    }

    private static boolean isRecordList(JsonNode value) {
        if (value == null || !value.isArray()) {
            return false;
        }
        for (JsonNode record : value) {
            if (!record.isObject() || !record.path("name").isTextual()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Finds the cluster in the human table of older CLIs ({@code NAME ... STATUS AUTOSTOP ...}): the row whose first
     * column is the name; the status is the first column holding a known status word. Autostop is not parsed.
     */
    public static Optional<ClusterStatus> fromTable(List<String> lines, String name) {
        for (String line : lines) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length > 1 && columns[0].equals(name)) {
                for (String column : columns) {
                    if (STATUSES.contains(column)) {
                        return Optional.of(new ClusterStatus(name, column, -1, false, false));
                    }
                }
                return Optional.of(new ClusterStatus(name, "", -1, false, false));
            }
        }
        return Optional.empty();
    }
}
