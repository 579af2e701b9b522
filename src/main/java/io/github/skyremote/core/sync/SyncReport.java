package io.github.skyremote.core.sync;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.sync.SyncSizeGuard.Entry;
import io.github.skyremote.core.sync.SyncSizeGuard.Estimate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the guard says about an estimate: the thresholds, the largest entries and every text it shows. Sizes are in
 * MB of 1,048,576 bytes.
 */
final class SyncReport {
    static final long MB = 1024L * 1024L;
    private static final int LARGEST = 5;

    private SyncReport() {
    }

    /** Bad thresholds fail before anything is read. */
    static void validate(int warnMb, int failMb) throws BadInputException {
        if (warnMb < 0 || failMb < 0) {
            Setting which = warnMb < 0 ? Setting.SYNC_WARN_MB : Setting.SYNC_FAIL_MB;
            throw new BadInputException(Message.of(which.named(), " is " + Math.min(warnMb, failMb)
                    + "; it must be 0 (off) or a number of MB."), Message.of("Set ", which.option("<MB>"), ", e.g. ",
                            which.option("256"), "."));
        }
    }

    static String notEstimated(Path workdir, IOException e) {
        return "Could not estimate the workdir sync of " + workdir + ": " + e;
    }

    /** The estimate at debug level; a warning above {@code warnMb}, an error above {@code failMb} (0: off). */
    static void report(Estimate estimate, int warnMb, int failMb, SkyLog log) throws BadInputException {
        if (log.isDebugEnabled()) {
            log.debug(String.format(Locale.ROOT, "Workdir sync of %s: %s in %s (%s), counted in %d ms%s",
                    estimate.workdir(), size(estimate.bytes()), files(estimate.files()), rulesText(estimate),
                    estimate.nanos() / 1_000_000, estimate.unreadable() == 0 ? ""
                            : "; " + estimate.unreadable() + " unreadable entries skipped"));
        }
        if (failMb > 0 && estimate.bytes() > failMb * MB) {
            List<Message> lines = describe(estimate, Setting.SYNC_FAIL_MB, failMb);
            throw new BadInputException(lines.get(0), Message.join("\n", lines.subList(1, lines.size())));
        }
        if (warnMb > 0 && estimate.bytes() > warnMb * MB) {
            describe(estimate, Setting.SYNC_WARN_MB, warnMb).forEach(line -> log.warn(line));
        }
    }

    /** The top-level entries that upload the most, largest first, at most five. */
    static List<Entry> largest(Map<String, SyncWalker.Total> top) {
        return top.entrySet().stream()
                .map(e -> new Entry(e.getKey(), e.getValue().directory, e.getValue().bytes, e.getValue().files))
                .sorted(Comparator.comparingLong(Entry::bytes).reversed().thenComparing(Entry::name))
                .limit(LARGEST)
                .toList();
    }

    /** The warning (or error) text: one line saying what, then the largest entries and the fix. */
    static List<Message> describe(Estimate e, Setting setting, int limitMb) {
        List<Message> lines = new ArrayList<>();
        lines.add(Message.of(String.format(Locale.ROOT,
                "The workdir sync would upload %s (%s) from %s to the cluster on every sky exec: over ",
                size(e.bytes()), files(e.files()), e.workdir()), setting.named(),
                String.format(Locale.ROOT, "=%d (%s).", limitMb, rulesText(e))));
        lines.add(Message.of("  Largest entries:"));
        int width = e.largest().stream().mapToInt(x -> size(x.bytes()).length()).max().orElse(0);
        for (Entry x : e.largest()) {
            String files = x.directory() ? "  (" + files(x.files()) + ")" : "";
            lines.add(Message.of("    " + " ".repeat(width - size(x.bytes()).length()) + size(x.bytes()) + "  "
                    + x.display() + files));
        }
        Set<String> present = e.skyignore() ? presentLines(e.workdir().resolve(".skyignore")) : Set.of();
        List<String> missing = SyncSizeGuard.SUGGESTED_SKYIGNORE.stream().filter(l -> !present.contains(l)).toList();
        if (missing.isEmpty()) {
            lines.add(Message.of("  Exclude more in " + e.workdir().resolve(".skyignore")
                    + ": the largest entries above, e.g. /" + (e.largest().isEmpty() ? "data" : e.largest().get(0).name())));
        } else {
            lines.add(Message.of("  Keep build output, environments and history out of the sync: "
                    + (e.skyignore() ? "add to " : "create ") + e.workdir().resolve(".skyignore") + " with"));
            missing.forEach(l -> lines.add(Message.of("    " + l)));
            if (!e.skyignore()) {
                lines.add(Message.of("  (A .skyignore replaces .gitignore for the sync: copy the .gitignore lines you"
                        + " still need into it.)"));
            }
        }
        lines.add(Message.of("  Set ", setting.option("0"), " to turn this check off", setting == Setting.SYNC_WARN_MB
                ? Message.of(", ", Setting.SYNC_FAIL_MB.option("<MB>"), " to make it an error.") : "."));
        return lines;
    }

    private static String rulesText(Estimate e) {
        return e.ignoreFiles().isEmpty() ? "there is no .skyignore or .gitignore: all of it is sent"
                : "counted after " + e.ignoreFiles();
    }

    static String files(long count) {
        return String.format(Locale.ROOT, count == 1 ? "%,d file" : "%,d files", count);
    }

    /** {@code 312.4 MB}; below 0.1 MB in KB or bytes, so that small entries do not all read 0.0 MB. */
    static String size(long bytes) {
        if (bytes >= MB / 10) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
        }
        if (bytes >= 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return bytes + " B";
    }

    private static Set<String> presentLines(Path file) {
        Set<String> lines = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.strip();
                lines.add(t);
                // "target/" and "/target/" keep target out as well as "/target" does.
                lines.add(t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
                if (!t.startsWith("/") && !t.contains("/")) {
                    lines.add("/" + t);
                } else if (!t.startsWith("/") && t.indexOf('/') == t.length() - 1) {
                    lines.add("/" + t.substring(0, t.length() - 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable: suggest everything.
        }
        return lines;
    }
}
