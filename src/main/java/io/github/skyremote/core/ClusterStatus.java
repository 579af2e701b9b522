package io.github.skyremote.core;

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
     * Finds the cluster in {@code sky status -o json} output. Lines before the JSON (such as the notice that a local
     * API server was started) are skipped: the JSON starts at the first line beginning with {@code [}.
     *
     * @throws IOException when no JSON list is found
     */
    public static Optional<ClusterStatus> fromJson(List<String> lines, String name) throws IOException {
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("[")) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            throw new IOException("no JSON list in the output of sky status");
        }
        JsonNode list = JSON.readTree(String.join("\n", lines.subList(start, lines.size())));
        if (!list.isArray()) {
            throw new IOException("sky status did not print a JSON list");
        }
        for (JsonNode record : list) {
            if (name.equals(record.path("name").asText())) {
                JsonNode autostop = record.path("autostop");
                return Optional.of(new ClusterStatus(name, record.path("status").asText(""),
                        autostop.isNumber() ? autostop.asInt() : -1, record.path("to_down").asBoolean(false), true));
            }
        }
        return Optional.empty();
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
