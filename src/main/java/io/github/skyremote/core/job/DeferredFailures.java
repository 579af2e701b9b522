package io.github.skyremote.core.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Failures recorded instead of failing the build at once (the failsafe pattern): a job bound to
 * {@code integration-test} records its failure so that {@code post-integration-test} still tears the cluster down,
 * and {@code remote:verify} fails the build afterwards. One file per goal execution under
 * {@code target/remote/failures/}, so parallel modules and executions never write the same file.
 */
public final class DeferredFailures {
    private final Path directory;

    public DeferredFailures(Path directory) {
        this.directory = directory;
    }

    /** A recorded failure: which execution, whether it was the job's own failure, and the message. */
    public record Failure(String execution, boolean jobFailed, String message) {
    }

    /** Forgets an earlier run's record of this execution. */
    public void clear(String execution) throws IOException {
        Files.deleteIfExists(file(execution));
    }

    public void record(String execution, boolean jobFailed, String message) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(file(execution), (jobFailed ? "job" : "setup") + "\n" + message, StandardCharsets.UTF_8);
    }

    public List<Failure> read() throws IOException {
        List<Failure> failures = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return failures;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.txt")) {
            for (Path file : files) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int newline = text.indexOf('\n');
                String kind = newline < 0 ? text : text.substring(0, newline);
                String message = newline < 0 ? "" : text.substring(newline + 1);
                String name = file.getFileName().toString();
                failures.add(new Failure(name.substring(0, name.length() - 4), kind.equals("job"), message));
            }
        }
        failures.sort((a, b) -> a.execution().compareTo(b.execution()));
        return failures;
    }

    private Path file(String execution) {
        return directory.resolve(execution.replaceAll("[^A-Za-z0-9._-]", "_") + ".txt");
    }
}
