package io.github.skyremote.core.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The one seam through which the plugin starts processes; unit tests replace it to check argv. */
@FunctionalInterface
public interface ProcessLauncher {
    /**
     * Starts argv (no shell) in the directory, with the variables added to this JVM's environment, stdin empty.
     */
    Process start(List<String> argv, Path workingDirectory, Map<String, String> environment) throws IOException;

    /** Starts real processes. */
    ProcessLauncher SYSTEM = (argv, workingDirectory, environment) -> {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.directory(workingDirectory.toFile());
        builder.environment().putAll(environment);
        // An empty stdin turns any prompt that slips through into click's "Aborted!" instead of a hang.
        builder.redirectInput(ProcessBuilder.Redirect.from(new File(
                System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null")));
        return builder.start();
    };
}
