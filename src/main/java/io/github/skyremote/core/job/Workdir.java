package io.github.skyremote.core.job;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The directory {@code sky exec --workdir} syncs to {@code ~/sky_workdir}, and paths checked against it. */
public final class Workdir {
    private final Path dir;

    private Workdir(Path dir) {
        this.dir = dir;
    }

    public static Workdir of(Path dir) throws BadInputException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw new BadInputException(Message.of("The workdir " + absolute + " does not exist."), setWorkdir());
        }
        if (!Files.isDirectory(absolute)) {
            throw new BadInputException(Message.of("The workdir " + absolute + " is a file, not a directory."),
                    setWorkdir());
        }
        try {
            return new Workdir(absolute.toRealPath());
        } catch (IOException e) {
            throw new BadInputException("Cannot read the workdir " + absolute + ": " + e.getMessage(),
                    "Check its permissions.", e);
        }
    }

    private static Message setWorkdir() {
        return Message.of("Set ", Setting.WORKDIR.option(), " (or ", Setting.WORKDIR.configured(),
                ") to the directory holding pyproject.toml.");
    }

    public Path path() {
        return dir;
    }

    /**
     * Resolves a path given relative to the workdir (or absolute) and returns it relative to the workdir with
     * {@code /} separators, as the job sees it from {@code ~/sky_workdir}. It must exist and stay inside: only the
     * workdir reaches the cluster.
     *
     * @param what e.g. "Script", for messages
     * @param setting the setting the path came from, for messages
     * @param mustBeFile true for a script, false for a test path that may be a directory
     */
    public String relativize(String given, String what, Setting setting, boolean mustBeFile)
            throws BadInputException {
        if (given == null || given.isBlank()) {
            throw new BadInputException(Message.of("No " + what.toLowerCase(java.util.Locale.ROOT) + " given."),
                    Message.of("Set ", setting.option("<path relative to " + dir + ">"), "."));
        }
        Path target = dir.resolve(given).normalize();
        if (!target.startsWith(dir)) {
            throw outside(what, given);
        }
        if (!Files.exists(target)) {
            throw new BadInputException(Message.of(what + " '" + given + "' does not exist (looked for " + target
                    + ")."), Message.of("Check ", setting.option(), "; paths are relative to the workdir " + dir + "."));
        }
        if (mustBeFile && !Files.isRegularFile(target)) {
            throw new BadInputException(Message.of(what + " '" + given + "' is not a file."),
                    Message.of("Point ", setting.option(), " at a Python file."));
        }
        try {
            Path real = target.toRealPath();
            if (!real.startsWith(dir)) {
                throw outside(what, given + " (a link to " + real + ")");
            }
        } catch (IOException e) {
            throw new BadInputException("Cannot read " + target + ": " + e.getMessage(), "Check its permissions.", e);
        }
        String relative = dir.relativize(target).toString().replace('\\', '/');
        return relative.isEmpty() ? "." : relative;
    }

    private BadInputException outside(String what, String given) {
        return new BadInputException(Message.of(what + " '" + given + "' is outside the workdir " + dir
                + ": only the workdir is synced to the cluster."),
                Message.of("Move it into the workdir, or set ", Setting.WORKDIR.option(),
                        " to a directory that contains it."));
    }
}
