package io.github.skyremote.core.sync;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.SkyLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncSizeGuardTest {
    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    private static final long MB = 1024 * 1024;

    /** Collects warnings and debug lines. */
    static final class Log implements SkyLog {
        final List<String> warn = new ArrayList<>();
        final List<String> debug = new ArrayList<>();

        @Override
        public void info(String line) {
        }

        @Override
        public void warn(String line) {
            warn.add(line);
        }

        @Override
        public void error(String line) {
        }

        @Override
        public void debug(String line) {
            debug.add(line);
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }
    }

    private Path file(String rel, int bytes) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[bytes]);
        return p;
    }

    private Path text(String rel, String content) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private void sparse(String rel, long bytes) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
    }

    /**
     * Files with distinct power-of-two sizes of 1 KB and more, so the total names exactly which were counted (the
     * ignore files, under 1 KB together, fall below).
     */
    private final List<String> names = new ArrayList<>();

    private void files(String... rels) throws IOException {
        for (String rel : rels) {
            file(rel, 1024 << names.size());
            names.add(rel);
        }
    }

    /** The files (of those made by {@link #files}) that a sync would send. */
    private Set<String> counted() throws IOException {
        long sizes = SyncSizeGuard.estimate(dir).bytes() >> 10;
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < names.size(); i++) {
            if ((sizes & (1L << i)) != 0) {
                out.add(names.get(i));
            }
        }
        return out;
    }

    @Test
    void withoutIgnoreFilesEverythingIsSentGitIncluded() throws Exception {
        files("a.py", "src/b.py", ".git/objects/x", "target/classes/C.class");
        assertEquals(Set.of("a.py", "src/b.py", ".git/objects/x", "target/classes/C.class"), counted());
        SyncSizeGuard.Estimate e = SyncSizeGuard.estimate(dir);
        assertEquals(4, e.files());
        assertEquals("", e.ignoreFiles());
        assertFalse(e.skyignore());
    }

    @Test
    void gitignoreAnchoredDirectoryOnlyAndNamePatterns() throws Exception {
        text(".gitignore", "/target\nbuild/\n*.pyc\n# a comment\n; another\n\n__pycache__\n");
        files("target/x.jar", "sub/target/y.txt", "build/out", "sub/build", "m.pyc", "sub/deep/n.pyc",
                "sub/__pycache__/z", "keep.py");
        // /target only at the root; build/ only as a directory (sub/build is a file); *.pyc at any depth.
        assertEquals(Set.of("sub/target/y.txt", "sub/build", "keep.py"), counted());
        assertEquals(".gitignore", SyncSizeGuard.estimate(dir).ignoreFiles());
    }

    @Test
    void slashInsidePatternFloatsToTheEndOfThePath() throws Exception {
        text(".gitignore", "data/raw\n");
        files("data/raw/a", "x/data/raw/b", "data/rawer/c", "raw/d");
        assertEquals(Set.of("data/rawer/c", "raw/d"), counted());
    }

    @Test
    void doubleStarCrossesDirectoriesAndMatchesAtTheTop() throws Exception {
        text(".gitignore", "**/cache\nlogs/**/*.log\n");
        files("cache/a", "x/y/cache/b", "logs/a/b/c.log", "logs/top.log", "logs/keep.txt");
        // logs/**/*.log needs a directory between logs and the file, as rsync's ** matches one or more characters.
        assertEquals(Set.of("logs/top.log", "logs/keep.txt"), counted());
    }

    @Test
    void questionMarkAndCharacterClasses() throws Exception {
        text(".gitignore", "run?.out\n[ab]*.tmp\n[!c]x.dat\n");
        files("run1.out", "run12.out", "a1.tmp", "b.tmp", "c.tmp", "dx.dat", "cx.dat");
        assertEquals(Set.of("run12.out", "c.tmp", "cx.dat"), counted());
    }

    @Test
    void negationIsNotSupportedAndDoesNotReinclude() throws Exception {
        text(".gitignore", "*.log\n!keep.log\n");
        files("a.log", "keep.log", "x.py");
        assertEquals(Set.of("x.py"), counted());
    }

    @Test
    void nestedGitignoreAppliesBelowItsDirectoryAnchoredThere() throws Exception {
        text("sub/.gitignore", "/only-here\n*.bin\n");
        files("only-here", "sub/only-here", "sub/deeper/only-here", "x.bin", "sub/y.bin", "sub/deeper/z.bin");
        assertEquals(Set.of("only-here", "sub/deeper/only-here", "x.bin"), counted());
        assertEquals(".gitignore (1 file)", SyncSizeGuard.estimate(dir).ignoreFiles());
    }

    @Test
    void gitInfoExcludeCountsWithoutSkyignore() throws Exception {
        text(".git/info/exclude", "/secret\n");
        files("secret", "public");
        Set<String> c = counted();
        assertEquals(Set.of("public"), c);
        assertEquals(".git/info/exclude", SyncSizeGuard.estimate(dir).ignoreFiles());
    }

    @Test
    void skyignoreReplacesGitignoreAndGitInfoExclude() throws Exception {
        text(".gitignore", "/target\n");
        text(".git/info/exclude", "/secret\n");
        text(".skyignore", "/.git\n*.ckpt\n");
        files("target/app.jar", "secret", "model.ckpt", "sub/m.ckpt", "x.py");
        assertEquals(Set.of("target/app.jar", "secret", "x.py"), counted());
        SyncSizeGuard.Estimate e = SyncSizeGuard.estimate(dir);
        assertTrue(e.skyignore());
        assertEquals(".skyignore", e.ignoreFiles());
    }

    @Test
    void crlfLinesAndTrailingSpacesAreReadAsRsyncReadsThem() throws Exception {
        text(".gitignore", "/a\r\nb \n");
        files("a", "b", "c");
        assertEquals(Set.of("b", "c"), counted()); // "b " (with the space) does not match b
    }

    @Test
    void symlinksAreNotFollowed() throws Exception {
        files("real/big");
        Path outside = elsewhere;
        Files.write(outside.resolve("huge"), new byte[4096]);
        Files.createSymbolicLink(dir.resolve("link"), outside);
        SyncSizeGuard.Estimate e = SyncSizeGuard.estimate(dir);
        assertTrue(e.bytes() < 4096 + 1024, "the link's target was not counted: " + e.bytes());
        assertEquals(2, e.files());
        Files.delete(dir.resolve("link"));
    }

    @Test
    void largestTopLevelEntriesFirstAtMostFive() throws Exception {
        file("target/a", 600);
        file("target/sub/b", 400);
        file(".venv/lib/c", 900);
        file("big.bin", 2000);
        file("src/x.py", 10);
        file("d/e", 5);
        file("f", 1);
        SyncSizeGuard.Estimate e = SyncSizeGuard.estimate(dir);
        assertEquals(List.of("big.bin", "target/", ".venv/", "src/", "d/"),
                e.largest().stream().map(SyncSizeGuard.Entry::display).toList());
        assertEquals(2, e.largest().get(1).files());
        assertEquals(1000, e.largest().get(1).bytes());
        assertEquals(3916, e.bytes());
        assertEquals(7, e.files());
    }

    @Test
    void warnsAboveTheThresholdWithTheLargestEntriesAndASkyignore() throws Exception {
        sparse("target/app.jar", 300 * MB);
        file("train.py", 100);
        Log log = new Log();
        SyncSizeGuard.Estimate e = SyncSizeGuard.check(dir, 256, 0, log);
        assertEquals(300 * MB + 100, e.bytes());
        String all = String.join("\n", log.warn);
        assertTrue(log.warn.get(0).startsWith("The workdir sync would upload 300.0 MB (2 files) from "), all);
        assertTrue(log.warn.get(0).contains("over syncWarnMb=256"), all);
        assertTrue(log.warn.get(0).endsWith("(there is no .skyignore or .gitignore: all of it is sent)."), all);
        assertTrue(all.contains("300.0 MB  target/  (1 file)"), all);
        assertTrue(all.contains("100 B  train.py"), all);
        for (String line : SyncSizeGuard.SUGGESTED_SKYIGNORE) {
            assertTrue(log.warn.contains("    " + line), all);
        }
        assertTrue(all.contains("A .skyignore replaces .gitignore"), all);
        assertTrue(log.debug.get(0).contains("counted in"), log.debug.toString());
    }

    @Test
    void quietAtOrBelowTheThresholdAndWhenIgnored() throws Exception {
        sparse("target/app.jar", 300 * MB);
        Log log = new Log();
        SyncSizeGuard.check(dir, 300, 0, log);
        assertEquals(List.of(), log.warn); // exactly 300 MB is not above 300
        text(".skyignore", "/target\n");
        SyncSizeGuard.check(dir, 1, 0, log);
        assertEquals(List.of(), log.warn);
    }

    @Test
    void skyignoreSuggestionListsOnlyWhatIsMissing() throws Exception {
        text(".skyignore", "target/\n/.git\n");
        sparse("data/big", 300 * MB);
        Log log = new Log();
        SyncSizeGuard.check(dir, 256, 0, log);
        assertTrue(log.warn.contains("    /.venv"), log.warn.toString());
        assertTrue(log.warn.contains("    __pycache__"), log.warn.toString());
        assertFalse(log.warn.contains("    /target"), log.warn.toString());
        assertFalse(log.warn.contains("    /.git"), log.warn.toString());
        assertTrue(String.join("\n", log.warn).contains("add to "), log.warn.toString());
    }

    @Test
    void failThresholdIsAnErrorWithTheSameDetails() throws Exception {
        sparse("target/app.jar", 300 * MB);
        Log log = new Log();
        BadInputException e = assertThrows(BadInputException.class, () -> SyncSizeGuard.check(dir, 256, 100, log));
        assertTrue(e.getMessage().contains("over syncFailMb=100"), e.getMessage());
        assertTrue(e.fix().toString().contains("target/"), e.fix().toString());
        assertTrue(e.fix().toString().contains("/target"), e.fix().toString());
        assertEquals(List.of(), log.warn);
    }

    @Test
    void zeroTurnsChecksOffAndNegativeIsAnError() throws Exception {
        sparse("target/app.jar", 300 * MB);
        Log log = new Log();
        assertNull(SyncSizeGuard.check(dir, 0, 0, log));
        assertEquals(List.of(), log.debug); // nothing was read
        BadInputException e = assertThrows(BadInputException.class, () -> SyncSizeGuard.check(dir, -1, 0, log));
        assertTrue(e.getMessage().startsWith("syncWarnMb is -1"), e.getMessage());
        assertThrows(BadInputException.class, () -> SyncSizeGuard.check(dir, 256, -5, log));
    }

    @Test
    void missingWorkdirIsLeftToTheSync() throws Exception {
        Log log = new Log();
        assertNull(SyncSizeGuard.check(dir.resolve("nope"), 256, 0, log));
        assertTrue(log.debug.get(0).startsWith("Could not estimate"), log.debug.toString());
    }

    @Test
    void sizesReadWellFromBytesToGigabytes() {
        assertEquals("0 B", SyncReport.size(0));
        assertEquals("1023 B", SyncReport.size(1023));
        assertEquals("2.0 KB", SyncReport.size(2048));
        assertEquals("0.1 MB", SyncReport.size(MB / 10));
        assertEquals("300.0 MB", SyncReport.size(300 * MB));
        assertEquals("2048.0 MB", SyncReport.size(2048 * MB));
    }
}
