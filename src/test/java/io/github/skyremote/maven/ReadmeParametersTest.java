package io.github.skyremote.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The README's parameter tables against the plugin descriptor that maven-plugin-plugin generated from the
 * {@code @Parameter} fields (the same source as {@code remote:help} and the site's goal pages): the tables are what
 * {@link ReadmeParameterTables} makes from the Javadoc, word for word; and, read on their own, every parameter of every
 * goal is in the table of its goal (or the common one, or exec's for pytest) with its user property and default, and no
 * row names a parameter the plugin does not have.
 *
 * <p>After changing a {@code @Parameter} or its Javadoc, rewrite the tables with
 * {@value ReadmeParameterTables#REGENERATE}.
 */
class ReadmeParametersTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z]+)` \\| ([^|]*) \\| ((?:[^|\\\\]|\\\\.)*) \\|");
    private static final Pattern GOAL_HEADING = Pattern.compile("^### `remote:([a-z]+)`");

    /** A README table row: the parameter, its property ("" for none, written as —) and its default cell. */
    record Row(String section, String name, String property, String defaultCell) {
    }

    /** The property ("" for none) and the default value (null for none) of a parameter. */
    record Declared(String property, String defaultValue) {
    }

    /** goal -> (parameter -> property and default), from the descriptor; help and read-only ones left out. */
    static Map<String, Map<String, Declared>> descriptor() throws Exception {
        try (InputStream in = ReadmeParametersTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertNotNull(in, "META-INF/maven/plugin.xml (maven-plugin-plugin:descriptor, phase process-classes)");
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            Map<String, Map<String, Declared>> goals = new TreeMap<>();
            ReadmeParameterTables.goals(doc).forEach((goal, parameters) -> {
                Map<String, Declared> properties = new LinkedHashMap<>();
                parameters.forEach((name, p) -> properties.put(name, new Declared(p.property(), p.defaultValue())));
                goals.put(goal, properties);
            });
            return goals;
        }
    }

    /** The rows of every parameter table, with the goal whose section they are in ("common" for the shared one). */
    static List<Row> readmeRows(String readme) {
        List<Row> rows = new ArrayList<>();
        String section = null;
        boolean fenced = false;
        for (String line : readme.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher goal = GOAL_HEADING.matcher(line);
                section = line.equals("### Common to all goals") ? "common" : goal.find() ? goal.group(1) : null;
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (section != null && row.find()) {
                String cell = row.group(2).trim();
                String property = cell.startsWith("`") && cell.endsWith("`") ? cell.substring(1, cell.length() - 1)
                        : "";
                rows.add(new Row(section, row.group(1), property, row.group(3).trim()));
            }
        }
        return rows;
    }

    /**
     * README.md as the tests see it; with {@code -Dreadme.update} its tables are first rewritten from the Javadoc, so
     * that every test of the run sees the new ones.
     */
    private static synchronized String readme() throws Exception {
        String readme = Files.readString(ReadmeParameterTables.README, StandardCharsets.UTF_8);
        if (System.getProperty("readme.update") == null) {
            return readme;
        }
        String generated = ReadmeParameterTables.render(readme,
                ReadmeParameterTables.goals(ReadmeParameterTables.DESCRIPTOR));
        if (!generated.equals(readme)) {
            Files.writeString(ReadmeParameterTables.README, generated, StandardCharsets.UTF_8);
        }
        return generated;
    }

    @Test
    void everyParameterOfEveryGoalIsInTheReadmeWithItsProperty() throws Exception {
        String readme = readme();
        List<Row> rows = readmeRows(readme);
        Map<String, Map<String, Declared>> goals = descriptor();
        assertTrue(goals.keySet().containsAll(List.of("down", "exec", "provision", "pytest", "verify")), goals.keySet()
                .toString());
        List<String> problems = new ArrayList<>();
        goals.forEach((goal, parameters) -> parameters.forEach((name, declared) -> {
            // pytest's section says: "...plus every exec parameter except script/args"
            List<String> sections = goal.equals("pytest") ? List.of("pytest", "exec", "common")
                    : List.of(goal, "common");
            Optional<Row> row = rows.stream().filter(r -> r.name().equals(name) && sections.contains(r.section()))
                    .findFirst();
            if (row.isEmpty()) {
                problems.add("remote:" + goal + " parameter '" + name + "' is in no README table of " + sections);
            } else if (!row.get().property().equals(declared.property())) {
                problems.add("remote:" + goal + " parameter '" + name + "': README says property '"
                        + row.get().property() + "', the plugin has '" + declared.property() + "'");
            } else if (declared.defaultValue() != null
                    && !row.get().defaultCell().equals("`" + declared.defaultValue() + "`")) {
                problems.add("remote:" + goal + " parameter '" + name + "': README says default '"
                        + row.get().defaultCell() + "', the plugin has '" + declared.defaultValue() + "'");
            }
        }));
        for (Row row : rows) {
            boolean known = row.section().equals("common")
                    ? goals.values().stream().anyMatch(p -> p.containsKey(row.name()))
                    : goals.getOrDefault(row.section(), Map.of()).containsKey(row.name());
            if (!known) {
                problems.add("README table of " + row.section() + " lists '" + row.name()
                        + "', which that goal does not have");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theTablesAreFound() {
        List<Row> rows = readmeRows("### Common to all goals\n\n| parameter | property | default | meaning |\n"
                + "|---|---|---|---|\n| `device` | `device` | — | x |\n| `env` | — | — | y |\n\n"
                + "### `remote:down` (default phase)\n```\n| `fenced` | `no` | | |\n```\n| `purge` | `remote.purge` | `false` | z |\n"
                + "## Other\n| `stray` | `x` | | |\n");
        assertEquals(List.of(new Row("common", "device", "device", "—"), new Row("common", "env", "", "—"),
                new Row("down", "purge", "remote.purge", "`false`")), rows);
        assertFalse(rows.stream().anyMatch(r -> r.name().equals("stray") || r.name().equals("fenced")));
    }

    @Test
    void theTablesAreWhatTheJavadocSays() throws Exception {
        String readme = readme();
        String generated = ReadmeParameterTables.render(readme,
                ReadmeParameterTables.goals(ReadmeParameterTables.DESCRIPTOR));
        if (!generated.equals(readme)) {
            fail("README.md's parameter tables are not what the @Parameter Javadoc says ("
                    + ReadmeParameterTables.DESCRIPTOR + "), first at "
                    + ReadmeParameterTables.firstDifference(readme, generated)
                    + "\nChange the Javadoc, not the table, then rewrite the tables: " + ReadmeParameterTables.REGENERATE);
        }
    }

    @Test
    void aRowIsTheJavadocsFirstParagraphWithItsDefaultTakenOut() throws Exception {
        Map<String, Map<String, ReadmeParameterTables.Parameter>> goals = ReadmeParameterTables.goals(xml(
                mojo("exec",
                        parameter("groups", "remote.groups", null, "uv groups (<code>--group</code>), one "
                                + "<em>or</em> more: <code>a|b</code> &amp; <code>&lt;x&gt;</code>. Default: "
                                + "<code>dev</code> on gpu, none on tpu. Comma-separated on the command line, "
                                + "e.g. <a href=\"https://docs.astral.sh/uv/\">uv</a>.<p>Only for remote:help.</p>"),
                        parameter("skip", "remote.skip", "false", "Skip it."),
                        parameter("env", null, null, "A map, a_b [x] *y*."))));
        Map<String, ReadmeParameterTables.Parameter> exec = goals.get("exec");
        assertEquals("| `groups` | `remote.groups` | `dev` on gpu, none on tpu | uv groups (`--group`), one *or* more: "
                + "`a\\|b` & `<x>`. Comma-separated on the command line, e.g. [uv](https://docs.astral.sh/uv/). |",
                ReadmeParameterTables.row(exec.get("groups"), "exec"));
        assertEquals("| `skip` | `remote.skip` | `false` | Skip it. |", ReadmeParameterTables.row(exec.get("skip"), "exec"));
        assertEquals("| `env` | — | — | A map, a\\_b \\[x\\] \\*y\\*. |", ReadmeParameterTables.row(exec.get("env"), "exec"));
    }

    @Test
    void whatACellCannotSayIsAnErrorNotALoss() throws Exception {
        Map<String, ReadmeParameterTables.Parameter> exec = ReadmeParameterTables.goals(xml(mojo("exec",
                parameter("twice", "remote.twice", "30", "Minutes. Default: 30."),
                parameter("list", "remote.list", null, "Either <ul><li>a</li></ul>"),
                parameter("none", "remote.none", null, "")))).get("exec");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ReadmeParameterTables.row(exec.get("twice"), "exec")).getMessage().contains("say it once"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ReadmeParameterTables.row(exec.get("list"), "exec")).getMessage().contains("<ul>"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ReadmeParameterTables.row(exec.get("none"), "exec")).getMessage().contains("no Javadoc"));
    }

    @Test
    void regeneratingKeepsTheOrderAddsNewParametersAndDropsGoneOnes() throws Exception {
        Map<String, Map<String, ReadmeParameterTables.Parameter>> goals = ReadmeParameterTables.goals(xml(
                mojo("exec", parameter("skip", "remote.skip", "false", "Skip."),
                        parameter("device", "device", null, "The device."),
                        parameter("script", "script", null, "The script."),
                        parameter("workdir", "remote.workdir", "${project.basedir}", "The workdir.")),
                mojo("pytest", parameter("skip", "remote.skip", "false", "Skip."),
                        parameter("device", "device", null, "The device."),
                        parameter("testPath", "remote.testPath", "tests", "What pytest collects."),
                        parameter("workdir", "remote.workdir", "${project.basedir}", "The workdir.")),
                mojo("down", parameter("skip", "remote.skip", "false", "Skip."),
                        parameter("device", "device", null, "The device.")),
                mojo("verify", parameter("skip", "remote.skip", "false", "Skip."))));
        String readme = "# x\n<!-- params:common skip gone -->\nold\n<!-- /params:common -->\ntext\n"
                + "<!-- params:exec workdir script -->\n<!-- /params:exec -->\n"
                + "<!-- params:pytest -->\n<!-- /params:pytest -->\n<!-- params:down -->\n<!-- /params:down -->\nend\n";
        assertEquals("# x\n<!-- params:common skip device -->\n\n| parameter | property | default | meaning |\n"
                + "|---|---|---|---|\n| `skip` | `remote.skip` | `false` | Skip. |\n| `device` | `device` | — | The device. |"
                + "\n\n<!-- /params:common -->\ntext\n<!-- params:exec workdir script -->\n\n"
                + "| parameter | property | default | meaning |\n|---|---|---|---|\n"
                + "| `workdir` | `remote.workdir` | `${project.basedir}` | The workdir. |\n"
                + "| `script` | `script` | — | The script. |\n\n<!-- /params:exec -->\n"
                + "<!-- params:pytest testPath -->\n\n| parameter | property | default | meaning |\n|---|---|---|---|\n"
                + "| `testPath` | `remote.testPath` | `tests` | What pytest collects. |\n\n"
                + "…plus every `exec` parameter except `script`.\n\n<!-- /params:pytest -->\n"
                + "<!-- params:down -->\n\n<!-- /params:down -->\nend\n",
                ReadmeParameterTables.render(readme, goals));
        String noPytestTable = readme.replace("<!-- params:pytest -->\n<!-- /params:pytest -->\n", "");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReadmeParameterTables.render(noPytestTable, goals))
                .getMessage().contains("remote:pytest has parameters [testPath, workdir] that are not common ones"));
        // a goal without a table may word a common parameter its own way, but not give it another default
        goals.get("verify").put("skip", new ReadmeParameterTables.Parameter("skip", "remote.skip", "false", "Skip it."));
        assertTrue(ReadmeParameterTables.render(readme, goals).contains("| `skip` | `remote.skip` | `false` | Skip. |"));
        goals.get("verify").put("skip", new ReadmeParameterTables.Parameter("skip", "remote.skip", "true", "Skip."));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReadmeParameterTables.render(readme, goals))
                .getMessage().contains("remote:verify has parameters [skip] that are not common ones"));
    }

    private static String parameter(String name, String property, String defaultValue, String html) {
        return name + "\u0000" + (property == null ? "" : property) + "\u0000" + (defaultValue == null ? "" : defaultValue)
                + "\u0000" + html;
    }

    /** A descriptor as maven-plugin-plugin writes plugin-enhanced.xml: the Javadoc as escaped HTML. */
    private static String mojo(String goal, String... parameters) {
        StringBuilder list = new StringBuilder();
        StringBuilder configuration = new StringBuilder();
        for (String p : parameters) {
            String[] f = p.split("\u0000", -1);
            list.append("<parameter><name>").append(f[0]).append("</name><editable>true</editable><description>")
                    .append(escapeXml(f[3])).append("</description></parameter>");
            configuration.append('<').append(f[0]).append(" implementation=\"x\"")
                    .append(f[2].isEmpty() ? "" : " default-value=\"" + escapeXml(f[2]) + "\"").append('>')
                    .append(f[1].isEmpty() ? "" : "${" + f[1] + "}").append("</").append(f[0]).append('>');
        }
        return "<mojo><goal>" + goal + "</goal><parameters>" + list + "</parameters><configuration>" + configuration
                + "</configuration></mojo>";
    }

    private static Document xml(String... mojos) throws Exception {
        String text = "<plugin><mojos>" + String.join("", mojos) + "</mojos></plugin>";
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
