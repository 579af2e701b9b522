package io.github.skyremote.core.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Bash scripts standing in for real processes, and ways to watch the processes they start. For tests. */
public final class Scripts {
    private Scripts() {
    }

    /** An executable {@code #!/bin/bash} script in the directory. */
    public static Path script(Path dir, String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/bash\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** The path as one word for bash. */
    public static String q(Path path) {
        return q(path.toString());
    }

    /** The text as one word for bash. */
    public static String q(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** Alive and not a zombie waiting to be reaped (a zombie has stopped running). */
    public static boolean running(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        if (!Files.exists(Path.of("/proc/self/stat"))) {
            return true;
        }
        try {
            String text = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = text.charAt(text.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false; // gone while we looked
        }
    }

    /** Waits for a condition with a generous bound; the bound only keeps a broken build from hanging. */
    public static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    /** The pid a script wrote to the file, once it is there. */
    public static long pid(Path file) throws Exception {
        assertTrue(eventually(() -> {
            try {
                return Files.exists(file) && !Files.readString(file).isBlank();
            } catch (IOException e) {
                return false;
            }
        }), "pid file " + file);
        return Long.parseLong(Files.readString(file).trim());
    }

    /** The log file's lines after its one command header. */
    public static List<String> jobLines(Path logFile) throws IOException {
        List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
        assertTrue(lines.get(0).startsWith("=== "), lines.get(0));
        return lines.subList(1, lines.size());
    }
}
