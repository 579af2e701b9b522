package io.github.skyremote.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules, glob and walk cases that the shared vectors ({@link SyncRulesVectorsTest}) cannot hold: links, byte
 * semantics on non-ASCII names, a workdir whose own path holds a wildcard character. Each expectation was checked
 * by hand against {@code rsync -a -n --filter='dir-merge,- .skyignore'} (rsync 3.5.0).
 */
class SyncRulesTest {
    @TempDir
    Path dir;

    /** A rule as read from a UTF-8 ignore file (the parser takes one char per byte). */
    private static SyncRules.Rule rule(String line, String base) {
        String bytes = new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return SyncRules.Rule.parse(bytes, false, base, null);
    }

    @Test
    void rulesOneByOne() {
        SyncRules.Rule build = rule("/build*", "");
        assertTrue(build.matches("build-x", true));
        assertFalse(build.matches("sub/build-x", true));
        SyncRules.Rule nested = rule("/only", "sub");
        assertTrue(nested.matches("sub/only", false));
        assertFalse(nested.matches("sub/x/only", false));
        assertFalse(nested.matches("only", false));
        SyncRules.Rule middle = rule("a/*/c", "");
        assertTrue(middle.matches("x/a/b/c", false));
        assertFalse(middle.matches("a/b/b/c", false));
        assertTrue(rule("*.pyc", "").matches("x/y.pyc", false));
        assertTrue(rule("a*b*c", "").matches("aXbYc", false));
        assertFalse(rule("a*b*c", "").matches("abX", false));
        assertFalse(rule("ab*ba", "").matches("aba", false));
        assertTrue(rule("dir/***", "").matches("x/dir", true));
        assertFalse(rule("dir/***", "").matches("x/dir", false));
        assertTrue(rule("dir/***", "").matches("x/dir/y/z", false));
        assertTrue(rule("cache/", "").matches("cache", true));
        assertFalse(rule("cache/", "").matches("cache", false));
        assertTrue(rule("!keep", "").matches("!keep", false));
        assertFalse(rule("!keep", "").matches("keep", false));
        assertNull(rule("/", ""));
        assertNull(rule("//", ""));
    }

    @Test
    void globFollowsRsyncWildmatch() {
        assertTrue(RsyncGlob.matches("*.pyc", "a.pyc", 0));
        assertFalse(RsyncGlob.matches("*.pyc", "a/b.pyc", 0));
        assertTrue(RsyncGlob.matches("**.pyc", "a/b.pyc", 0));
        assertTrue(RsyncGlob.matches("a?c", "abc", 0));
        assertFalse(RsyncGlob.matches("a?c", "a/c", 0));
        assertTrue(RsyncGlob.matches("[!a-c]x", "dx", 0));
        assertFalse(RsyncGlob.matches("[!a-c]x", "bx", 0));
        assertFalse(RsyncGlob.matches("a[!b]c", "a/c", 0), "a class never matches a slash");
        assertFalse(RsyncGlob.matches("[x", "[x", 0), "an unclosed class matches nothing");
        assertFalse(RsyncGlob.matches("[[:nope:]]", "n", 0), "an unknown named class matches nothing");
        assertTrue(RsyncGlob.matches("[[:upper:][:digit:]]", "7", 0));
        assertTrue(RsyncGlob.matches("[[:x]", ":", 0), "no [:name:]: an ordinary [");
        assertTrue(RsyncGlob.matches("[a\\]]", "]", 0));
        assertTrue(RsyncGlob.matches("\\*", "*", 0));
        assertFalse(RsyncGlob.matches("\\*", "x", 0));
        assertFalse(RsyncGlob.matches("x\\", "x\\", 0), "a trailing backslash matches nothing");
        assertTrue(RsyncGlob.matches("a/**/b", "a/x/y/b", 0));
        assertFalse(RsyncGlob.matches("a/**/b", "a/b", 0));
        assertTrue(RsyncGlob.matchesAfterAnySlash("b/**", "a/b/c", 0));
        assertFalse(RsyncGlob.matchesAfterAnySlash("b/**", "ab/c", 0));
        assertTrue(RsyncGlob.matches("x", "ax", 1), "from an offset");
    }

    @Test
    void questionMarkAndClassesMatchOneByteOfANonAsciiName() throws IOException {
        assertFalse(rule("caf?", "").matches("café", false)); // é is two bytes in UTF-8
        assertTrue(rule("caf??", "").matches("café", false));
        assertTrue(rule("caf*", "").matches("café", false));
        assertTrue(rule("*é", "").matches("café", false));
        assertFalse(rule("[é]", "").matches("é", false));
        assertTrue(rule("x/caf??", "").matches("x/café", false));
        assertTrue(rule("**/caf??", "").matches("x/café", false));
        // As read from a file: the rule's bytes are UTF-8. (A JVM whose file names are ASCII cannot make these.)
        assumeTrue(Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).newEncoder().canEncode("é"),
                "file names in this JVM are " + System.getProperty("sun.jnu.encoding"));
        Files.write(dir.resolve(".skyignore"), "café\n?x\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(Set.of(".skyignore", "éx"), sent(Set.of("café", "éx", "ax")));
    }

    @Test
    void aLinkIsSentAsALinkAndIsNoDirectoryToARule() throws IOException {
        Files.createDirectories(dir.resolve("real"));
        Files.writeString(dir.resolve("real/file"), "x");
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        Files.writeString(dir.resolve(".skyignore"), "link/\n");
        assertEquals(Set.of(".skyignore", "link", "real/file"), sent(Set.of()));
        Files.writeString(dir.resolve(".skyignore"), "link\n");
        assertEquals(Set.of(".skyignore", "real/file"), sent(Set.of()));
    }

    @Test
    void aLinkedSkyignoreIsFollowedAsSkyPilotAndRsyncDo() throws IOException {
        Files.writeString(dir.resolve("rules.txt"), "*.log\n");
        Files.createSymbolicLink(dir.resolve(".skyignore"), dir.resolve("rules.txt"));
        Files.writeString(dir.resolve(".gitignore"), "*.txt\n");
        assertEquals(Set.of(".gitignore", ".skyignore", "rules.txt"), sent(Set.of("a.log")));
    }

    @Test
    void aLinkedWorkdirIsWalkedAtItsRealPath() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.writeString(real.resolve(".skyignore"), "/x\n");
        Files.writeString(real.resolve("x"), "");
        Files.writeString(real.resolve("y"), "");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        Set<String> sent = new TreeSet<>();
        SyncWalker.walk(link, sent::add);
        assertEquals(Set.of(".skyignore", "y"), sent);
    }

    @Test
    void anchoredRulesMatchNothingWhenTheWorkdirPathHoldsABracket() throws IOException {
        // rsync puts "/target" behind the directory's absolute path and reads the whole as a pattern: "[1]" is then
        // a class matching "1", not the directory's own name.
        Path workdir = Files.createDirectories(dir.resolve("p[1]"));
        Files.writeString(workdir.resolve(".skyignore"), "/target\nsub/x\n");
        Files.createDirectories(workdir.resolve("sub"));
        Files.writeString(workdir.resolve("sub/.skyignore"), "/y\n");
        for (String f : new String[] {"target", "sub/x", "sub/y", "k"}) {
            Files.writeString(workdir.resolve(f), "");
        }
        Set<String> sent = new TreeSet<>();
        SyncWalker.walk(workdir, sent::add);
        assertEquals(Set.of(".skyignore", "k", "target", "sub/.skyignore", "sub/y"), sent);
        // A star in the path matches itself: the anchored rules apply.
        Path star = Files.createDirectories(dir.resolve("p*x"));
        Files.writeString(star.resolve(".skyignore"), "/target\n");
        Files.writeString(star.resolve("target"), "");
        sent.clear();
        SyncWalker.walk(star, sent::add);
        assertEquals(Set.of(".skyignore"), sent);
    }

    /** Makes the given empty files and returns what the walk of the temp dir sends. */
    private Set<String> sent(Set<String> files) throws IOException {
        for (String f : files) {
            Path p = dir.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "");
        }
        Set<String> sent = new TreeSet<>();
        SyncWalker.walk(dir, sent::add);
        return sent;
    }
}
