package io.github.skyremote.core.sync;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many bytes {@code sky exec --workdir} would upload, computed before any {@code sky} process starts, under
 * SkyPilot's rules (docs/skypilot-facts.md#workdir-sync), and a warning or an error when that is a lot.
 *
 * <p>SkyPilot rsyncs the workdir with {@code --filter='dir-merge,- .skyignore'} when {@code <workdir>/.skyignore}
 * exists, else with {@code --filter='dir-merge,- .gitignore'} plus {@code --exclude-from=.git/info/exclude} when that
 * file exists ({@code sky/utils/command_runner.py} in SkyPilot 0.14.1). {@link SyncWalker} walks the tree as that
 * rsync does and {@link SyncRules} reads the ignore files as rsync reads them (its class comment lists the rules:
 * rsync's, not gitignore's); {@link SyncReport} says what it found. {@code .git/} is uploaded unless a rule excludes
 * it (SkyPilot #1600).
 *
 * <p>Sizes are the files' lengths (what rsync sends before compression; a sparse file counts in full; a symbolic link
 * its own few bytes). The walk reads each entry's attributes once; a directory that cannot be read is skipped. The
 * test vectors in {@code src/test/resources/sync-rules/vectors.json}, checked against a real {@code rsync -n} in the
 * build, hold this class and the fake {@code sky} to the same rules.
 */
public final class SyncSizeGuard {
    /** SkyPilot's own warning threshold ({@code _PATH_SIZE_MEGABYTES_WARN_THRESHOLD}), our default. */
    public static final int DEFAULT_WARN_MB = 256;
    /** The {@code .skyignore} a Maven + uv project wants. */
    public static final List<String> SUGGESTED_SKYIGNORE = List.of("/target", "/.venv", "/.git", "__pycache__");

    private SyncSizeGuard() {
    }

    /** One entry at the top of the workdir and what of it would be uploaded. */
    public record Entry(String name, boolean directory, long bytes, long files) {
        /** {@code target/} for a directory, the name for anything else. */
        public String display() {
            return directory ? name + "/" : name;
        }
    }

    /**
     * What a sync would upload.
     *
     * @param ignoreFiles which rules applied, e.g. {@code .gitignore, .git/info/exclude}; "" when none did
     * @param largest the top-level entries that upload the most, largest first, at most five
     * @param unreadable directories that could not be read (skipped)
     */
    public record Estimate(Path workdir, boolean skyignore, String ignoreFiles, long bytes, long files,
            List<Entry> largest, int unreadable, long nanos) {
        public double megabytes() {
            return bytes / (double) SyncReport.MB;
        }
    }

    /**
     * Estimates the sync of the workdir and reports it: a warning above {@code warnMb}, an error above
     * {@code failMb}, the estimate at debug level either way. A value of 0 turns that check off; with both off
     * nothing is read.
     *
     * @return the estimate, or null when both checks are off or the workdir could not be read (said at debug level:
     *     the sync itself will then report the real problem)
     */
    public static Estimate check(Path workdir, int warnMb, int failMb, SkyLog log) throws BadInputException {
        SyncReport.validate(warnMb, failMb);
        if (warnMb == 0 && failMb == 0) {
            return null;
        }
        Estimate estimate;
        try {
            estimate = estimate(workdir);
        } catch (IOException e) {
            log.debug(SyncReport.notEstimated(workdir, e));
            return null;
        }
        SyncReport.report(estimate, warnMb, failMb, log);
        return estimate;
    }

    /** Walks the workdir as SkyPilot's rsync would and counts what it would send. */
    public static Estimate estimate(Path workdir) throws IOException {
        long start = System.nanoTime();
        Path root = workdir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a directory");
        }
        SyncWalker walk = SyncWalker.walk(root, null);
        return new Estimate(root, walk.skyignore, walk.ignoreFiles(), walk.bytes, walk.files,
                SyncReport.largest(walk.top), walk.unreadable, System.nanoTime() - start);
    }
}
