package io.github.skyremote.core.sky;

import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyFailedException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code sky} before anything runs: an absolute path is needed because Java resolves bare names on the JVM's
 * own PATH only, and a missing CLI deserves an install hint rather than "error=2".
 */
public final class SkyExecutable {
    private static final Message FIX = Message.of("Install the SkyPilot CLI where this build runs (pip install"
            + " skypilot, or uv tool install skypilot),\nor point the plugin at it: ", Setting.SKY.option("/path/to/sky"));

    private SkyExecutable() {
    }

    /**
     * @param configured a bare name looked up on PATH, or a path
     * @param path the PATH to search
     */
    public static Path resolve(String configured, String path) throws SkyFailedException {
        String name = configured == null || configured.isBlank() ? "sky" : configured.trim();
        if (name.contains("/") || name.contains(File.separator)) {
            Path candidate = Path.of(name).toAbsolutePath().normalize();
            if (!Files.isRegularFile(candidate)) {
                throw new SkyFailedException(Message.of("The SkyPilot CLI '" + candidate + "' (", Setting.SKY.named(),
                        ") does not exist."), FIX);
            }
            if (!Files.isExecutable(candidate)) {
                throw new SkyFailedException(Message.of("The SkyPilot CLI '" + candidate + "' (", Setting.SKY.named(),
                        ") is not executable."), Message.of("Make it executable (chmod +x " + candidate + ") or set ",
                                Setting.SKY.option(), " to the real sky."));
            }
            return candidate;
        }
        boolean foundButNotExecutable = false;
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate)) {
                if (Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath().normalize();
                }
                foundButNotExecutable = true;
            }
        }
        if (foundButNotExecutable) {
            throw new SkyFailedException(Message.of("'" + name + "' is on the PATH but not executable."),
                    Message.of("Make it executable, or point the plugin at a working one: ",
                            Setting.SKY.option("/path/to/sky")));
        }
        throw new SkyFailedException(Message.of("The SkyPilot CLI '" + name + "' is not on the PATH."), FIX);
    }
}
