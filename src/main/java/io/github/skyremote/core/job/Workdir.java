package io.github.skyremote.core.job;

import io.github.skyremote.core.BadInputException;
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
            throw new BadInputException("The workdir " + absolute + " does not exist.",
                    "Set -Dremote.workdir (or <workdir>) to the directory holding pyproject.toml.");
        }
        if (!Files.isDirectory(absolute)) {
            throw new BadInputException("The workdir " + absolute + " is a file, not a directory.",
                    "Set -Dremote.workdir (or <workdir>) to the directory holding pyproject.toml.");
        }
        try {
            return new Workdir(absolute.toRealPath());
        } catch (IOException e) {
            throw new BadInputException("Cannot read the workdir " + absolute + ": " + e.getMessage(),
                    "Check its permissions.", e);
        }
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
     * @param parameter e.g. "script", for messages
     * @param mustBeFile true for a script, false for a test path that may be a directory
     */
    public String relativize(String given, String what, String parameter, boolean mustBeFile)
            throws BadInputException {
        if (given == null || given.isBlank()) {
            throw new BadInputException("No " + what.toLowerCase(java.util.Locale.ROOT) + " given.",
                    "Set -D" + parameter + "=<path relative to " + dir + ">.");
        }
        Path target = dir.resolve(given).normalize();
        if (!target.startsWith(dir)) {
            throw outside(what, given, parameter);
        }
        if (!Files.exists(target)) {
            throw new BadInputException(what + " '" + given + "' does not exist (looked for " + target + ").",
                    "Check -D" + parameter + "; paths are relative to the workdir " + dir + ".");
        }
        if (mustBeFile && !Files.isRegularFile(target)) {
            throw new BadInputException(what + " '" + given + "' is not a file.",
                    "Point -D" + parameter + " at a Python file.");
        }
        try {
            Path real = target.toRealPath();
            if (!real.startsWith(dir)) {
                throw outside(what, given + " (a link to " + real + ")", parameter);
            }
        } catch (IOException e) {
            throw new BadInputException("Cannot read " + target + ": " + e.getMessage(), "Check its permissions.", e);
        }
        String relative = dir.relativize(target).toString().replace('\\', '/');
        return relative.isEmpty() ? "." : relative;
    }

    private BadInputException outside(String what, String given, String parameter) {
        return new BadInputException(what + " '" + given + "' is outside the workdir " + dir
                + ": only the workdir is synced to the cluster.",
                "Move it into the workdir, or set -Dremote.workdir to a directory that contains it.");
    }
}
