package io.github.skyremote.core.sky;

import java.util.List;
import java.util.Map;

/**
 * One {@code sky} invocation: the argv (first element is the executable) and what it is for. Secrets travel as
 * {@code --secret NAME} with the value in the child's environment, so the argv is safe to print.
 */
public record SkyCommand(List<String> argv) {
    public SkyCommand {
        argv = List.copyOf(argv);
    }

    /** What every {@code sky} process gets on top of the JVM's environment: unbuffered, UTF-8 Python output. */
    public static Map<String, String> environment() {
        return Map.of("PYTHONUNBUFFERED", "1", "PYTHONIOENCODING", "utf-8");
    }

    /** The subcommand, e.g. {@code exec}. */
    public String subcommand() {
        return argv.size() > 1 ? argv.get(1) : "";
    }

    /** The command as a POSIX shell line, ready to copy and paste. */
    public String display() {
        return ShellWords.join(argv);
    }

    /** The same command run by another executable (e.g. the resolved absolute path of {@code sky}). */
    public SkyCommand withExecutable(String executable) {
        List<String> copy = new java.util.ArrayList<>(argv);
        copy.set(0, executable);
        return new SkyCommand(copy);
    }

    @Override
    public String toString() {
        return display();
    }
}
