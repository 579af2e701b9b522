package io.github.skyremote.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core speaks no Maven: no class under {@code core} imports Maven or writes a Maven spelling in its code or its
 * texts ({@code mvn ...}, {@code -Dremote.x}, a POM element {@code <param>} of any plugin parameter). It names
 * settings and steps by neutral keys ({@code Setting}, {@code Action}) and the Maven layer spells them
 * ({@link MavenSpelling}), so the same core could serve a Gradle plugin or a CLI. Comments are not checked: they may
 * explain what the Maven layer makes of a key. A {@code <cluster>} inside a {@code sky} command line is that command's
 * placeholder, not a POM element.
 */
class CoreSpeaksNoMavenTest {
    private static final Path CORE = Path.of("src/main/java/io/github/skyremote/core");

    /** {@code sky queue <cluster>}: a placeholder of a sky command line just before it. */
    private static final Pattern SKY_PLACEHOLDER = Pattern.compile("\\bsky [a-z]+( -{1,2}[a-z-]+)*( [a-z0-9._-]+)* $");

    /** A user property as Maven names it ({@code remote.serverId}); {@code io.github.skyremote.core} is none. */
    private static final Pattern USER_PROPERTY = Pattern.compile("\\bremote\\.[a-z]");

    @Test
    void noMavenInTheCoresCode() throws Exception {
        Set<String> parameters = new TreeSet<>();
        PluginDescriptor.goals().values().forEach(goal -> goal.parameters().forEach(p -> parameters.add(p.name())));
        assertTrue(parameters.containsAll(List.of("env", "secrets", "workdir", "device", "cluster")), parameters
                .toString());
        Pattern element = Pattern.compile("</?(" + String.join("|", parameters) + ")>");
        List<String> problems = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(CORE)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(sources.size() > 30, "the core's sources: " + sources.size());
        for (Path source : sources) {
            problems.addAll(problems(source, element));
        }
        assertEquals(List.of(), problems, "Maven spelled in the core: name the setting (Setting.X.option(),"
                + " .named(), .configured()) or the step (Action.X.run(), .named()) and let MavenSpelling spell it");
    }

    @Test
    void theCheckFindsWhatItLooksFor() {
        Pattern element = Pattern.compile("</?(env|cluster)>");
        List<String> code = List.of(
                "import org.apache.maven.plugin.Mojo;",
                "String fix = \"Run: mvn remote:down\";",
                "String fix = \"Set -Dremote.sky\";",
                "String what = \"in <env>\";",
                "String key = \"the server remote.serverId names\";",
                "String fine = \"sky queue <cluster>\"; // mvn -Dx <env> in a comment",
                "/* -Dremote.x */ String fine2 = \"<name>\";");
        List<String> found = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            found.addAll(lineProblems(Path.of("X.java"), i + 1, strip(code.get(i)), element));
        }
        assertEquals(List.of("X.java:1: org.apache.maven", "X.java:2: mvn ", "X.java:3: -D", "X.java:4: <env>",
                "X.java:5: remote."),
                found.stream().map(f -> f.substring(0, f.indexOf(" in: "))).toList());
    }

    private static List<String> problems(Path source, Pattern element) throws IOException {
        String[] lines = strip(Files.readString(source, StandardCharsets.UTF_8)).split("\n", -1);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            problems.addAll(lineProblems(source, i + 1, lines[i], element));
        }
        return problems;
    }

    private static List<String> lineProblems(Path source, int number, String line, Pattern element) {
        List<String> problems = new ArrayList<>();
        String where = source + ":" + number + ": ";
        for (String word : List.of("org.apache.maven", "mvn ", "-D")) {
            if (line.contains(word)) {
                problems.add(where + word + " in: " + line.strip());
            }
        }
        if (USER_PROPERTY.matcher(line).find() && !line.contains("-D")) {
            problems.add(where + "remote. in: " + line.strip());
        }
        Matcher m = element.matcher(line);
        while (m.find()) {
            if (!SKY_PLACEHOLDER.matcher(line.substring(0, m.start())).find()) {
                problems.add(where + m.group() + " in: " + line.strip());
            }
        }
        return problems;
    }

    /** The source with its comments blanked out (line breaks kept, so line numbers stay), strings kept. */
    static String strip(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                while (i < n && source.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (; i < end; i++) {
                    out.append(source.charAt(i) == '\n' ? '\n' : ' ');
                }
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                out.append(source, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j + 1, n);
                out.append(source, i, j);
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
