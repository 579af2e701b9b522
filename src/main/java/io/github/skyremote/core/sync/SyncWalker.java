package io.github.skyremote.core.sync;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One pass over the workdir as SkyPilot's {@code rsync -a} walks it: which entries it sends and how many bytes.
 *
 * <p>With {@code <workdir>/.skyignore} (SkyPilot tests {@code exists()}: a link to it counts) the per-directory
 * file is {@code .skyignore}; else it is {@code .gitignore}, and {@code .git/info/exclude}, when it exists, adds its
 * rules after all of them. A directory's own file is read when the walk enters it (also when the file itself is
 * excluded) and its rules apply to everything below, ahead of those of the directories above; the first rule that
 * matches decides. An excluded directory is not entered. Symbolic links are sent as links (their own size, never
 * followed) and are no directories to a rule; the workdir is walked at its real path, as SkyPilot resolves it.
 */
final class SyncWalker extends SimpleFileVisitor<Path> {
    static final String SKYIGNORE = ".skyignore";
    private static final String GITIGNORE = ".gitignore";
    private static final String GIT_EXCLUDE = ".git/info/exclude";

    /** Totals per top-level entry. */
    static final class Total {
        final boolean directory;
        long bytes;
        long files;

        Total(boolean directory) {
            this.directory = directory;
        }
    }

    final boolean skyignore;
    /** The per-directory file name, or null when {@code .git/info/exclude} cleared that rule ({@code !}). */
    private final String mergeName;
    private final String absoluteRoot;
    private final Consumer<String> sent;
    /** Rules in force per directory being visited (inherited ones included); the top is the current one. */
    private final ArrayList<List<SyncRules.Rule>> stack = new ArrayList<>();
    /** Relative paths ("" for the root) of the directories on the stack. */
    private final ArrayList<String> paths = new ArrayList<>();
    final Map<String, Total> top = new HashMap<>();
    /** The top-level directory being walked. */
    private Total currentTop;
    private final boolean excludeFileUsed;
    long bytes;
    long files;
    int unreadable;
    int mergeFilesSeen;
    private boolean rootHadMergeFile;

    private SyncWalker(Path root, Consumer<String> sent) {
        this.sent = sent;
        this.skyignore = Files.exists(root.resolve(SKYIGNORE));
        String path = root.toString();
        this.absoluteRoot = path.startsWith("/") && hasGlobCharacter(path) ? path.substring(1) : null;
        List<SyncRules.Rule> rootRules = List.of();
        boolean cleared = false;
        Path exclude = root.resolve(GIT_EXCLUDE);
        if (!skyignore && Files.exists(exclude)) {
            SyncRules.ExcludeFrom rules = SyncRules.readExcludeFrom(exclude);
            rootRules = rules.rules();
            cleared = rules.clearsMerge();
            excludeFileUsed = true;
        } else {
            excludeFileUsed = false;
        }
        this.mergeName = cleared ? null : skyignore ? SKYIGNORE : GITIGNORE;
        stack.add(rootRules);
    }

    /**
     * Walks the workdir.
     *
     * @param sent told the path (relative to the workdir, {@code /}-separated) of every file, link or other
     *     non-directory the sync would send; null when only the totals count
     */
    static SyncWalker walk(Path workdir, Consumer<String> sent) throws IOException {
        Path root = workdir.toRealPath();
        SyncWalker walker = new SyncWalker(root, sent);
        Files.walkFileTree(root, walker);
        return walker;
    }

    /** Which rules applied, e.g. {@code .gitignore (3 files), .git/info/exclude}; "" when none did. */
    String ignoreFiles() {
        List<String> used = new ArrayList<>();
        if (mergeFilesSeen > 0) {
            used.add(mergeFilesSeen == 1 && rootHadMergeFile ? mergeName
                    : mergeName + " (" + SyncReport.files(mergeFilesSeen) + ")");
        }
        if (excludeFileUsed) {
            used.add(GIT_EXCLUDE);
        }
        return String.join(", ", used);
    }

    /** rsync reads an anchored rule behind the absolute path: such a path holding these is read as a pattern. */
    private static boolean hasGlobCharacter(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        String rel;
        List<SyncRules.Rule> rules = stack.get(stack.size() - 1);
        if (paths.isEmpty()) {
            rel = "";
        } else {
            String parent = paths.get(paths.size() - 1);
            String name = dir.getFileName().toString();
            if (SyncRules.excluded(rules, parent, name, true)) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            rel = parent.isEmpty() ? name : parent + "/" + name;
            if (parent.isEmpty()) {
                currentTop = top.computeIfAbsent(name, k -> new Total(true)); // listed even when empty
            }
        }
        if (mergeName != null) {
            Path merge = dir.resolve(mergeName);
            // rsync opens it, following a link; a directory of that name reads as no rules.
            if (Files.isRegularFile(merge)) {
                List<SyncRules.Rule> own = SyncRules.readMergeFile(merge, rel, absoluteRoot);
                mergeFilesSeen++;
                rootHadMergeFile |= rel.isEmpty();
                if (!own.isEmpty()) {
                    List<SyncRules.Rule> combined = new ArrayList<>(own.size() + rules.size());
                    combined.addAll(own); // this directory's rules first: the first match decides
                    combined.addAll(rules);
                    rules = combined;
                }
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
        if (SyncRules.excluded(stack.get(stack.size() - 1), parent, name, attrs.isDirectory())) {
            return FileVisitResult.CONTINUE;
        }
        long size = attrs.size();
        bytes += size;
        files++;
        Total t = parent.isEmpty() ? top.computeIfAbsent(name, k -> new Total(false)) : currentTop;
        t.bytes += size;
        t.files++;
        if (sent != null) {
            sent.accept(parent.isEmpty() ? name : parent + "/" + name);
        }
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
}
