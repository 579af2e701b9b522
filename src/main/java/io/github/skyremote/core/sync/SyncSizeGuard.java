package io.github.skyremote.core.sync;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.job.Workdir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many bytes {@code sky exec --workdir} would upload, computed before any {@code sky} process starts, under
 * SkyPilot's rules (reference/skypilot-cli.md §5), and a warning or an error when that is a lot.
 *
 * <p>The rules. SkyPilot rsyncs the workdir with {@code --filter='dir-merge,- .skyignore'} when
 * {@code <workdir>/.skyignore} exists, else with {@code --filter='dir-merge,- .gitignore'} plus
 * {@code --exclude-from=.git/info/exclude} when that file exists. So:
 * <ul>
 * <li>An ignore file applies to its own directory and everything below it ({@code dir-merge}); its lines add to
 * those of the directories above. Every line is an exclude: an excluded directory is not entered at all.</li>
 * <li>Blank lines and lines starting with {@code #} or {@code ;} are comments. A line starting with {@code !} is
 * skipped: rsync has no gitignore negation (SkyPilot #8812), it cannot re-include anything.</li>
 * <li>{@code /x} is anchored to the ignore file's directory ({@code .git/info/exclude}: the workdir). Without a
 * leading {@code /}, a pattern that holds a {@code /} (not counting a trailing one) or {@code **} matches the end of
 * the path at a component boundary ({@code a/b} matches {@code a/b} and {@code src/a/b}); any other pattern matches
 * the last component only ({@code *.pyc}, {@code __pycache__}).</li>
 * <li>A trailing {@code /} matches directories only. {@code *} and {@code ?} match within one component,
 * {@code **} across components, {@code [...]} a character class ({@code [!...]} or {@code [^...]} negated),
 * {@code \} quotes the next character.</li>
 * <li>Not gitignore: {@code !} does not re-include, and an unanchored {@code a/b} floats (in git it is anchored).
 * Trailing spaces are part of the pattern, as rsync reads them.</li>
 * <li>{@code .git/} is uploaded unless a rule excludes it (SkyPilot #1600). Symbolic links are copied as links
 * (their own size, a few bytes), never followed.</li>
 * </ul>
 *
 * <p>Sizes are the files' lengths (what rsync sends before compression; a sparse file counts in full), in MB of
 * 1,048,576 bytes. The walk reads each entry's attributes once; a directory that cannot be read is skipped.
 */
public final class SyncSizeGuard {
    /** SkyPilot's own warning threshold ({@code _PATH_SIZE_MEGABYTES_WARN_THRESHOLD}), our default. */
    public static final int DEFAULT_WARN_MB = 256;
    /** The {@code .skyignore} a Maven + uv project wants. */
    public static final List<String> SUGGESTED_SKYIGNORE = List.of("/target", "/.venv", "/.git", "__pycache__");
    private static final long MB = 1024L * 1024L;
    private static final int LARGEST = 5;

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
            return bytes / (double) MB;
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
        if (warnMb < 0 || failMb < 0) {
            Setting which = warnMb < 0 ? Setting.SYNC_WARN_MB : Setting.SYNC_FAIL_MB;
            throw new BadInputException(Message.of(which.named(), " is " + Math.min(warnMb, failMb)
                    + "; it must be 0 (off) or a number of MB."), Message.of("Set ", which.option("<MB>"), ", e.g. ",
                            which.option("256"), "."));
        }
        if (warnMb == 0 && failMb == 0) {
            return null;
        }
        Estimate estimate;
        try {
            estimate = estimate(workdir);
        } catch (IOException e) {
            log.debug("Could not estimate the workdir sync of " + workdir + ": " + e);
            return null;
        }
        if (log.isDebugEnabled()) {
            log.debug(String.format(Locale.ROOT, "Workdir sync of %s: %s in %s (%s), counted in %d ms%s",
                    workdir, size(estimate.bytes()), files(estimate.files()), rulesText(estimate),
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
        return estimate;
    }

    /** Walks the workdir as SkyPilot's rsync would and counts what it would send. */
    public static Estimate estimate(Path workdir) throws IOException {
        long start = System.nanoTime();
        Path root = workdir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a directory");
        }
        boolean skyignore = Files.isRegularFile(root.resolve(".skyignore"), LinkOption.NOFOLLOW_LINKS);
        String mergeName = skyignore ? ".skyignore" : ".gitignore";
        List<String> used = new ArrayList<>();
        List<Rule> rootRules = new ArrayList<>();
        if (!skyignore) {
            Path exclude = root.resolve(".git").resolve("info").resolve("exclude");
            if (Files.isRegularFile(exclude)) {
                rootRules.addAll(readRules(exclude, ""));
                used.add(".git/info/exclude");
            }
        }
        Walker walker = new Walker(mergeName, rootRules);
        Files.walkFileTree(root, walker);
        if (walker.mergeFilesSeen > 0) {
            used.add(0, walker.mergeFilesSeen == 1 && walker.rootHadMergeFile ? mergeName
                    : mergeName + " (" + files(walker.mergeFilesSeen) + ")");
        }
        List<Entry> largest = walker.top.entrySet().stream()
                .map(e -> new Entry(e.getKey(), e.getValue().directory, e.getValue().bytes, e.getValue().files))
                .sorted(Comparator.comparingLong(Entry::bytes).reversed().thenComparing(Entry::name))
                .limit(LARGEST)
                .toList();
        return new Estimate(root, skyignore, String.join(", ", used), walker.bytes, walker.files, largest,
                walker.unreadable, System.nanoTime() - start);
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
        List<String> missing = SUGGESTED_SKYIGNORE.stream().filter(l -> !present.contains(l)).toList();
        if (missing.isEmpty()) {
            lines.add(Message.of("  Exclude more in " + e.workdir().resolve(".skyignore")
                    + ": the largest entries above, e.g. /" + (e.largest().isEmpty() ? "data"
                            : e.largest().get(0).name())));
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

    private static String files(long count) {
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

    /** Totals per top-level entry. */
    private static final class Total {
        final boolean directory;
        long bytes;
        long files;

        Total(boolean directory) {
            this.directory = directory;
        }
    }

    /** One pass over the tree; the hot path (once per file) allocates only the entry's name. */
    private static final class Walker extends SimpleFileVisitor<Path> {
        private final String mergeName;
        /** Rules in force per directory being visited (inherited ones included); the top is the current one. */
        private final ArrayList<List<Rule>> stack = new ArrayList<>();
        /** Relative paths ("" for the root) of the directories on the stack. */
        private final ArrayList<String> paths = new ArrayList<>();
        private final Map<String, Total> top = new HashMap<>();
        /** The top-level directory being walked. */
        private Total currentTop;
        long bytes;
        long files;
        int unreadable;
        int mergeFilesSeen;
        boolean rootHadMergeFile;

        Walker(String mergeName, List<Rule> rootRules) {
            this.mergeName = mergeName;
            stack.add(rootRules);
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            String rel;
            if (paths.isEmpty()) {
                rel = "";
            } else {
                String parent = paths.get(paths.size() - 1);
                String name = dir.getFileName().toString();
                if (excluded(parent, name, true)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                rel = join(parent, name);
                if (parent.isEmpty()) {
                    currentTop = top.computeIfAbsent(name, k -> new Total(true)); // listed even when empty
                }
            }
            List<Rule> rules = stack.get(stack.size() - 1);
            Path merge = dir.resolve(mergeName);
            if (Files.isRegularFile(merge, LinkOption.NOFOLLOW_LINKS)) {
                List<Rule> own = readRules(merge, rel);
                mergeFilesSeen++;
                rootHadMergeFile |= rel.isEmpty();
                if (!own.isEmpty()) {
                    List<Rule> combined = new ArrayList<>(own.size() + rules.size());
                    combined.addAll(rules);
                    combined.addAll(own);
                    rules = combined;
                }
            }
            stack.add(rules);
            paths.add(rel);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String parent = paths.get(paths.size() - 1);
            String name = file.getFileName().toString();
            // A link to a directory arrives here too (links are not followed): rsync -a sends the link itself.
            if (excluded(parent, name, attrs.isDirectory())) {
                return FileVisitResult.CONTINUE;
            }
            long size = attrs.size();
            bytes += size;
            files++;
            Total t = parent.isEmpty() ? top.computeIfAbsent(name, k -> new Total(false)) : currentTop;
            t.bytes += size;
            t.files++;
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
            unreadable++;
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
            if (exc != null) {
                unreadable++;
            }
            stack.remove(stack.size() - 1);
            paths.remove(paths.size() - 1);
            return FileVisitResult.CONTINUE;
        }

        private static String join(String parent, String name) {
            return parent.isEmpty() ? name : parent + "/" + name;
        }

        private boolean excluded(String parent, String name, boolean directory) {
            List<Rule> rules = stack.get(stack.size() - 1);
            String rel = null; // built only for a rule that needs the whole path
            for (int i = 0, n = rules.size(); i < n; i++) {
                Rule rule = rules.get(i);
                if (rule.anchoredName) {
                    if (parent.equals(rule.base) && rule.matchesName(name, directory)) {
                        return true;
                    }
                } else if (rule.wholePath) {
                    if (rel == null) {
                        rel = join(parent, name);
                    }
                    if (rule.matchesPath(rel, directory)) {
                        return true;
                    }
                } else if (rule.matchesName(name, directory)) {
                    return true;
                }
            }
            return false;
        }
    }

    static List<Rule> readRules(Path file, String base) {
        List<Rule> rules = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            try {
                lines = List.of(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\n"));
            } catch (IOException again) {
                return rules;
            }
        }
        for (String line : lines) {
            Rule rule = Rule.parse(line, base);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return rules;
    }

    /** One exclude line of an ignore file, with rsync's meaning (see the class comment). */
    static final class Rule {
        private final String base;
        private final boolean directoryOnly;
        private final boolean anchored;
        final boolean wholePath;
        /** {@code /name}: one component directly in the ignore file's directory, matched without building paths. */
        final boolean anchoredName;
        private final String literal;
        /** The literal pieces around each {@code *} of a glob with no other wildcard, else null. */
        private final String[] starPieces;
        private final Pattern regex;
        private Matcher matcher; // reused: a walk is single-threaded and its rules are its own
        private final boolean leadingDoubleStar;

        private Rule(String base, boolean directoryOnly, boolean anchored, boolean wholePath, String glob) {
            this.base = base;
            this.directoryOnly = directoryOnly;
            this.anchored = anchored;
            this.wholePath = wholePath;
            this.anchoredName = anchored && !glob.contains("/") && !glob.contains("**");
            this.literal = isLiteral(glob) ? glob : null;
            this.leadingDoubleStar = glob.startsWith("**");
            this.starPieces = literal == null && (!wholePath || anchoredName) && onlyStars(glob)
                    ? glob.split("\\*", -1) : null;
            this.regex = literal == null && starPieces == null ? Pattern.compile(toRegex(glob), Pattern.DOTALL)
                    : null;
        }

        /**
         * @param base the directory of the ignore file, relative to the workdir, "" for the workdir
         * @return null for a blank line, a comment or a {@code !} line
         */
        static Rule parse(String line, String base) {
            String pattern = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (pattern.isEmpty() || pattern.charAt(0) == '#' || pattern.charAt(0) == ';'
                    || pattern.charAt(0) == '!') {
                return null;
            }
            boolean directoryOnly = false;
            while (pattern.length() > 1 && pattern.endsWith("/")) {
                directoryOnly = true;
                pattern = pattern.substring(0, pattern.length() - 1);
            }
            boolean anchored = pattern.startsWith("/");
            if (anchored) {
                pattern = pattern.substring(1);
            }
            boolean wholePath = anchored || pattern.contains("/") || pattern.contains("**");
            if (pattern.endsWith("/***") && pattern.length() > 4) {
                // rsync: "dir/***" is the directory and everything in it, i.e. the directory (it is not entered).
                pattern = pattern.substring(0, pattern.length() - 4);
            }
            if (pattern.isEmpty()) {
                return null; // "/" alone: the root itself, which rsync never excludes
            }
            return new Rule(base, directoryOnly, anchored, wholePath, pattern);
        }

        /** For a rule that looks at the last component only. */
        boolean matchesName(String name, boolean directory) {
            return (!directoryOnly || directory) && test(name);
        }

        /** For a rule that looks at the whole path ({@link #wholePath}); rel is relative to the workdir. */
        boolean matchesPath(String rel, boolean directory) {
            if (directoryOnly && !directory) {
                return false;
            }
            String path = rel;
            if (!base.isEmpty()) {
                if (!rel.startsWith(base) || rel.length() <= base.length() || rel.charAt(base.length()) != '/') {
                    return false;
                }
                if (anchored) {
                    path = rel.substring(base.length() + 1);
                }
            }
            if (anchored) {
                return test(path);
            }
            // Floating: the end of the path, starting at any component boundary. As rsync does, "**/" may also match
            // at the very start ("**/x" matches a top-level x).
            if (test(path) || leadingDoubleStar && test("/" + path)) {
                return true;
            }
            for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
                if (test(path.substring(i + 1))) {
                    return true;
                }
            }
            return false;
        }

        /** As the walk asks, from the path relative to the workdir (for tests). */
        boolean matches(String rel, boolean directory) {
            int slash = rel.lastIndexOf('/');
            String parent = slash < 0 ? "" : rel.substring(0, slash);
            if (anchoredName) {
                return parent.equals(base) && matchesName(rel.substring(slash + 1), directory);
            }
            return wholePath ? matchesPath(rel, directory) : matchesName(rel.substring(slash + 1), directory);
        }

        private boolean test(String text) {
            if (literal != null) {
                return literal.equals(text);
            }
            if (starPieces != null) {
                return starMatch(starPieces, text);
            }
            matcher = matcher == null ? regex.matcher(text) : matcher.reset(text);
            return matcher.matches();
        }

        /** {@code a*b*c} on one component: no regex for the common {@code *.pyc}, {@code build*}. */
        private static boolean starMatch(String[] pieces, String text) {
            String first = pieces[0];
            String last = pieces[pieces.length - 1];
            if (text.length() < first.length() + last.length() || !text.startsWith(first) || !text.endsWith(last)) {
                return false;
            }
            int from = first.length();
            int limit = text.length() - last.length();
            for (int i = 1; i < pieces.length - 1; i++) {
                int at = text.indexOf(pieces[i], from);
                if (at < 0 || at + pieces[i].length() > limit) {
                    return false;
                }
                from = at + pieces[i].length();
            }
            return true;
        }

        private static boolean onlyStars(String glob) {
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (c == '?' || c == '[' || c == '\\') {
                    return false;
                }
            }
            return true;
        }

        private static boolean isLiteral(String glob) {
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (c == '*' || c == '?' || c == '[' || c == '\\') {
                    return false;
                }
            }
            return true;
        }

        static String toRegex(String glob) {
            StringBuilder re = new StringBuilder();
            int i = 0;
            while (i < glob.length()) {
                char c = glob.charAt(i);
                if (c == '*') {
                    int j = i;
                    while (j < glob.length() && glob.charAt(j) == '*') {
                        j++;
                    }
                    re.append(j - i >= 2 ? ".*" : "[^/]*");
                    i = j;
                    continue;
                }
                if (c == '?') {
                    re.append("[^/]");
                } else if (c == '\\' && i + 1 < glob.length()) {
                    i++;
                    quote(re, glob.charAt(i));
                } else if (c == '[') {
                    int close = classEnd(glob, i);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String body = glob.substring(i + 1, close);
                        boolean negated = body.startsWith("!") || body.startsWith("^");
                        if (negated) {
                            body = body.substring(1);
                        }
                        re.append('[').append(negated ? "^/" : "");
                        for (int k = 0; k < body.length(); k++) {
                            char b = body.charAt(k);
                            if (b == '\\' || b == '[' || b == ']' || b == '&' || b == '^' || (b == '-'
                                    && (k == 0 || k == body.length() - 1))) {
                                re.append('\\');
                            }
                            re.append(b);
                        }
                        re.append(']');
                        i = close;
                    }
                } else {
                    quote(re, c);
                }
                i++;
            }
            return re.toString();
        }

        private static void quote(StringBuilder re, char c) {
            if (c < 128 && !Character.isLetterOrDigit(c)) {
                re.append('\\'); // a backslash before any ASCII non-alphanumeric is a literal in java.util.regex
            }
            re.append(c);
        }

        /** Index of the {@code ]} closing a class opened at {@code open}; a {@code ]} first in the class is literal. */
        private static int classEnd(String glob, int open) {
            int k = open + 1;
            if (k < glob.length() && (glob.charAt(k) == '!' || glob.charAt(k) == '^')) {
                k++;
            }
            if (k < glob.length() && glob.charAt(k) == ']') {
                k++;
            }
            while (k < glob.length() && glob.charAt(k) != ']') {
                k++;
            }
            return k < glob.length() ? k : -1;
        }
    }
}
