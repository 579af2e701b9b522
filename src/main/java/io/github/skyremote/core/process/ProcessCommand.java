package io.github.skyremote.core.process;

import java.util.List;
import java.util.Map;

/**
 * A process to start.
 *
 * @param argv the executable and its arguments (no shell)
 * @param display how to show it in logs and headers, e.g. the argv as a shell line; it must hold no secret values
 * @param environment added to this JVM's environment; may hold secrets (it is never shown)
 */
public record ProcessCommand(List<String> argv, String display, Map<String, String> environment) {
    public ProcessCommand {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
    }

    @Override
    public String toString() {
        return display;
    }
}
