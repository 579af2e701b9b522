package io.github.skyremote.core.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of one ignore file as rsync reads them, and whether a rule matches a path. SkyPilot passes
 * {@code --filter='dir-merge,- .skyignore'} (or {@code .gitignore}) and, without a {@code .skyignore},
 * {@code --exclude-from=<workdir>/.git/info/exclude} (SkyPilot's {@code sky/utils/command_runner.py},
 * {@code RSYNC_FILTER_SKYIGNORE}); rsync's rules for both, as its sources and a real {@code rsync -n} show them:
 * <ul>
 * <li>A line ends at {@code \n} or {@code \r}. Empty lines and lines starting with {@code #} or {@code ;} are
 * comments; spaces are part of the pattern (a trailing one too; a leading one makes {@code " #x"} a pattern).</li>
 * <li>In a {@code dir-merge,-} file every other line is an exclude pattern, whatever its first character:
 * {@code !keep} excludes a file named {@code !keep} (no gitignore negation, SkyPilot #8812), {@code + x} a file
 * named {@code + x}. In {@code --exclude-from}, {@code - x} excludes, {@code + x} includes, and a line {@code !}
 * alone clears every rule before it, the {@code dir-merge} one included.</li>
 * <li>One trailing {@code /} (not more) makes the rule match directories only.</li>
 * <li>A pattern with no {@code /} and no {@code **} matches the last path component. A leading {@code /} anchors it
 * to the directory of its ignore file. Another {@code /} makes it match exactly as many trailing components as it
 * has; a {@code **} not at the start lets it match at the start or after any {@code /} of the path; a leading
 * {@code **} may match from the very start ({@code **}{@code /x} excludes a top-level {@code x}).</li>
 * <li>Wildcards ({@link RsyncGlob}) count only in a pattern holding {@code *}, {@code ?} or {@code [}; any other
 * pattern is compared literally, backslashes included ({@code a\b} excludes a file named {@code a\b}).</li>
 * <li>A pattern ending in {@code ***} also matches a directory as if its name ended in {@code /}
 * ({@code dir/***}: the directory and all in it, but not a file named {@code dir}).</li>
 * <li>rsync compares bytes: {@code ?} and a class match one byte of a UTF-8 name.</li>
 * <li>rsync puts an anchored rule of a per-directory file behind the directory's absolute path and matches the
 * whole: when that path holds a wildcard character ({@code [} mostly), the path itself is read as a pattern and such
 * rules usually match nothing.</li>
 * </ul>
 */
final class SyncRules {
    private SyncRules() {
    }

    /** The rules of an {@code --exclude-from} file and whether it cleared the {@code dir-merge} rule. */
    record ExcludeFrom(List<Rule> rules, boolean clearsMerge) {
    }

    /**
     * The rules of a per-directory ({@code dir-merge,-}) file in file order; none when it cannot be read (rsync then
     * reads nothing either).
     *
     * @param base the file's directory relative to the workdir, "" for the workdir
     * @param absoluteRoot the workdir's real path without its leading {@code /} when it holds a wildcard character,
     *     else null
     */
    static List<Rule> readMergeFile(Path file, String base, String absoluteRoot) {
        List<Rule> rules = new ArrayList<>();
        for (String line : lines(file)) {
            Rule rule = Rule.parse(line, false, base, absoluteRoot);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return rules;
    }

    /** The rules of {@code --exclude-from=file}, with rsync's {@code + }, {@code - } and {@code !} prefixes. */
    static ExcludeFrom readExcludeFrom(Path file) {
        List<Rule> rules = new ArrayList<>();
        boolean cleared = false;
        for (String line : lines(file)) {
            if (line.equals("!")) {
                rules.clear();
                cleared = true;
                continue;
            }
            boolean include = line.startsWith("+ ");
            String pattern = include || line.startsWith("- ") ? line.substring(2) : line;
            Rule rule = Rule.parse(pattern, include, "", null);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new ExcludeFrom(rules, cleared);
    }

    /** Whether the first rule that matches the entry {@code name} in directory {@code parent} excludes it. */
    static boolean excluded(List<Rule> rules, String parent, String name, boolean directory) {
        String rel = null; // built only for a rule that needs the whole path
        for (int i = 0, n = rules.size(); i < n; i++) {
            Rule rule = rules.get(i);
            if (rel == null && rule.wholePath) {
                rel = parent.isEmpty() ? name : parent + "/" + name;
            }
            if (rule.matches(parent, name, rel, directory)) {
                return !rule.include;
            }
        }
        return false;
    }

    /**
     * The non-comment lines of an ignore file; each is the file's bytes read as ISO-8859-1 (one char per byte, as
     * rsync compares them).
     */
    private static List<String> lines(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n' || bytes[i] == '\r') {
                if (i > start && bytes[start] != '#' && bytes[start] != ';') {
                    lines.add(new String(bytes, start, i - start, StandardCharsets.ISO_8859_1));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    /** How a rule finds the text it matches (rsync's {@code rule_matches}). */
    private enum Reach {
        /** The last component. */
        NAME,
        /** A child of the ignore file's directory ({@code /name}), matched without building paths. */
        CHILD_OF_BASE,
        /** The path below the ignore file's directory. */
        BELOW_BASE,
        /** The workdir's absolute path, then the path: see the class comment. */
        ABSOLUTE,
        /** Exactly the last {@link Rule#components} components. */
        LAST_COMPONENTS,
        /** The path or any part of it after a {@code /}. */
        AFTER_ANY_SLASH,
        /** {@code "/" + path}: a leading {@code **} may match nothing. */
        SLASH_AND_PATH
    }

    /** One rule of an ignore file. */
    static final class Rule {
        final boolean include;
        private final boolean directoryOnly;
        private final Reach reach;
        /** The rule needs the path relative to the workdir, not only the last component. */
        final boolean wholePath;
        private final String base;
        private final int components;
        /** A directory is matched as its name plus "/" (a pattern ending in {@code ***}). */
        private final boolean slashAfterDirectory;
        private final String absoluteRoot;
        private final Pattern pattern;

        private Rule(boolean include, boolean directoryOnly, Reach reach, String base, int components,
                boolean slashAfterDirectory, String absoluteRoot, Pattern pattern) {
            this.include = include;
            this.directoryOnly = directoryOnly;
            this.reach = reach;
            this.wholePath = reach != Reach.NAME && reach != Reach.CHILD_OF_BASE;
            this.base = base;
            this.components = components;
            this.slashAfterDirectory = slashAfterDirectory;
            this.absoluteRoot = absoluteRoot;
            this.pattern = pattern;
        }

        /**
         * @param line the pattern, one char per byte
         * @param base the ignore file's directory relative to the workdir ("" for the workdir and for
         *     {@code --exclude-from}, whose anchored rules start at the workdir)
         * @param absoluteRoot the workdir's real path without its leading {@code /} when an anchored rule put behind
         *     it changes meaning (see the class comment), else null
         * @return null for a rule that can match nothing ({@code /})
         */
        static Rule parse(String line, boolean include, String base, String absoluteRoot) {
            String glob = line;
            boolean directoryOnly = glob.length() > 1 && glob.endsWith("/");
            if (directoryOnly) {
                glob = glob.substring(0, glob.length() - 1);
            }
            boolean anchored = glob.startsWith("/");
            if (glob.isEmpty() || anchored && glob.length() == 1) {
                return null;
            }
            if (anchored && absoluteRoot != null) {
                glob = Pattern.asBytes(base.isEmpty() ? absoluteRoot : absoluteRoot + "/" + base) + glob;
            }
            boolean wild = hasWildcard(glob);
            boolean doubleStar = wild && glob.contains("**");
            boolean slashAfterDirectory = doubleStar && glob.endsWith("***");
            int slashes = (int) glob.chars().filter(c -> c == '/').count();
            Reach reach;
            if (slashes == 0 && !doubleStar) {
                reach = Reach.NAME;
            } else if (anchored && absoluteRoot != null) {
                reach = Reach.ABSOLUTE;
            } else if (anchored) {
                glob = glob.substring(1);
                reach = glob.indexOf('/') < 0 && !doubleStar ? Reach.CHILD_OF_BASE : Reach.BELOW_BASE;
            } else if (doubleStar) {
                reach = glob.startsWith("**") ? Reach.SLASH_AND_PATH : Reach.AFTER_ANY_SLASH;
            } else {
                reach = Reach.LAST_COMPONENTS;
            }
            boolean oneComponent = reach == Reach.NAME || reach == Reach.CHILD_OF_BASE;
            return new Rule(include, directoryOnly, reach, base, slashes + 1, slashAfterDirectory,
                    reach == Reach.ABSOLUTE ? absoluteRoot + "/" : null,
                    new Pattern(glob, wild, oneComponent));
        }

        private static boolean hasWildcard(String glob) {
            return glob.indexOf('*') >= 0 || glob.indexOf('?') >= 0 || glob.indexOf('[') >= 0;
        }

        /**
         * @param parent the directory of the entry relative to the workdir ("" for the workdir)
         * @param rel the entry's path relative to the workdir; may be null for a rule that is not {@link #wholePath}
         */
        boolean matches(String parent, String name, String rel, boolean directory) {
            if (directoryOnly && !directory) {
                return false;
            }
            switch (reach) {
                case NAME:
                    return pattern.matches(name, 0);
                case CHILD_OF_BASE:
                    return parent.equals(base) && pattern.matches(name, 0);
                default:
                    break;
            }
            String text = slashAfterDirectory && directory ? rel + "/" : rel;
            switch (reach) {
                case BELOW_BASE:
                    if (base.isEmpty()) {
                        return pattern.matches(text, 0);
                    }
                    return text.startsWith(base) && text.length() > base.length() + 1
                            && text.charAt(base.length()) == '/' && pattern.matches(text, base.length() + 1);
                case ABSOLUTE:
                    return pattern.matches(absoluteRoot + text, 0);
                case LAST_COMPONENTS:
                    return pattern.matchesLastComponents(text, components);
                case AFTER_ANY_SLASH:
                    return pattern.matchesAfterAnySlash(text);
                default:
                    return pattern.matches("/" + text, 0);
            }
        }

        /** As the walk asks, from the path relative to the workdir (for tests). */
        boolean matches(String rel, boolean directory) {
            int slash = rel.lastIndexOf('/');
            return matches(slash < 0 ? "" : rel.substring(0, slash), rel.substring(slash + 1), rel, directory);
        }
    }

    /**
     * A pattern and its fastest test: equality for a pattern without wildcards, pieces between single stars for
     * {@code *.pyc} on one component, {@link RsyncGlob} for the rest. Paths are Java strings; a pattern is kept as
     * bytes (one char per byte) and as text. Text and bytes agree for {@code *} and literals (UTF-8 cannot match
     * inside a character); {@code ?} and classes on a non-ASCII path compare bytes.
     */
    private static final class Pattern {
        private final String bytes;
        private final String text;
        private final boolean wild;
        /** The literal pieces around each {@code *} of a one-component glob with no other wildcard, else null. */
        private final String[] starPieces;
        /** {@code ?} or a class: one byte, so a non-ASCII text is compared as bytes. */
        private final boolean countsBytes;

        Pattern(String bytes, boolean wild, boolean oneComponent) {
            this.bytes = bytes;
            this.text = new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            this.wild = wild;
            this.countsBytes = bytes.indexOf('?') >= 0 || bytes.indexOf('[') >= 0;
            this.starPieces = wild && oneComponent && !countsBytes && bytes.indexOf('\\') < 0
                    && !bytes.contains("**") ? text.split("\\*", -1) : null;
        }

        /** The whole of {@code s} from {@code from}. */
        boolean matches(String s, int from) {
            if (!wild) {
                return s.length() - from == text.length() && s.startsWith(text, from);
            }
            if (starPieces != null) {
                return starMatch(s, from);
            }
            if (countsBytes && !ascii(s, from)) {
                return RsyncGlob.matches(bytes, asBytes(s.substring(from)), 0);
            }
            return RsyncGlob.matches(text, s, from);
        }

        /** rsync's match of the last n components; a path with fewer matches nothing. */
        boolean matchesLastComponents(String s, int n) {
            int count = n;
            for (int i = s.length() - 1; i >= 0; i--) {
                if (s.charAt(i) == '/' && --count == 0) {
                    return matches(s, i + 1);
                }
            }
            return count == 1 && matches(s, 0);
        }

        boolean matchesAfterAnySlash(String s) {
            if (countsBytes && !ascii(s, 0)) {
                return RsyncGlob.matchesAfterAnySlash(bytes, asBytes(s), 0);
            }
            return RsyncGlob.matchesAfterAnySlash(text, s, 0);
        }

        /** {@code a*b*c} on one component: no glob engine for the common {@code *.pyc}, {@code build*}. */
        private boolean starMatch(String s, int from) {
            String first = starPieces[0];
            String last = starPieces[starPieces.length - 1];
            int length = s.length() - from;
            if (length < first.length() + last.length() || !s.startsWith(first, from) || !s.endsWith(last)) {
                return false;
            }
            int at = from + first.length();
            int limit = s.length() - last.length();
            for (int i = 1; i < starPieces.length - 1; i++) {
                int found = s.indexOf(starPieces[i], at);
                if (found < 0 || found + starPieces[i].length() > limit) {
                    return false;
                }
                at = found + starPieces[i].length();
            }
            return true;
        }

        private static boolean ascii(String s, int from) {
            for (int i = from, n = s.length(); i < n; i++) {
                if (s.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }

        /** The UTF-8 bytes of s, one char per byte. */
        static String asBytes(String s) {
            return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }
    }
}
