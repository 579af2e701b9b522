package io.github.skyremote.core.job;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code uv run --extra E --group G} needs from pyproject.toml: the extras of
 * {@code [project.optional-dependencies]} and the PEP 735 groups of {@code [dependency-groups]}. Checked locally so
 * that a typo fails in a second instead of after a cluster round trip.
 */
public final class PyProject {
    // The factory's token stream, not a TomlMapper: an ObjectMapper loads about 600 classes of Jackson's data
    // binding (5 MB of metaspace, which on Maven 3 tips the JVM into a metadata GC cycle) for two lists of keys.
    private static final TomlFactory TOML = new TomlFactory();

    private final Path file;
    private final Set<String> extras;
    private final Set<String> groups;

    private PyProject(Path file, Set<String> extras, Set<String> groups) {
        this.file = file;
        this.extras = extras;
        this.groups = groups;
    }

    /** Reads {@code <dir>/pyproject.toml}; its absence or a syntax error is an error naming the file. */
    public static PyProject load(Path dir) throws BadInputException {
        Path file = dir.resolve("pyproject.toml");
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(Message.of("No pyproject.toml in " + dir
                    + ": uv run needs one to find the project."), Message.of("Set ", Setting.WORKDIR.option(),
                            " to the directory of your Python project's pyproject.toml."));
        }
        Set<String> extras = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        try (JsonParser toml = TOML.createParser(file.toFile())) {
            if (toml.nextToken() == JsonToken.START_OBJECT) {
                while (toml.nextToken() == JsonToken.FIELD_NAME) {
                    String table = toml.currentName();
                    JsonToken value = toml.nextToken();
                    if (table.equals("project") && value == JsonToken.START_OBJECT) {
                        while (toml.nextToken() == JsonToken.FIELD_NAME) {
                            String key = toml.currentName();
                            JsonToken keyValue = toml.nextToken();
                            if (key.equals("optional-dependencies")) {
                                addKeys(toml, keyValue, extras);
                            } else {
                                toml.skipChildren();
                            }
                        }
                    } else if (table.equals("dependency-groups")) {
                        addKeys(toml, value, groups);
                    } else {
                        toml.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            throw new BadInputException("Cannot parse " + file + ": " + firstLine(e.getMessage()),
                    "Fix the TOML syntax (uv would refuse it too).", e);
        }
        return new PyProject(file, extras, groups);
    }

    /** The keys of the table the parser stands on (its START_OBJECT just read); nothing when the value is no table. */
    private static void addKeys(JsonParser toml, JsonToken value, Set<String> names) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            toml.skipChildren();
            return;
        }
        while (toml.nextToken() == JsonToken.FIELD_NAME) {
            names.add(toml.currentName());
            toml.nextToken();
            toml.skipChildren();
        }
    }

    public Path file() {
        return file;
    }

    public Set<String> extras() {
        return extras;
    }

    public Set<String> groups() {
        return groups;
    }

    /**
     * Fails when the extra is not declared, listing the ones that are. Names are compared as uv compares them (PEP
     * 685: case and runs of {@code -_.} do not matter), so {@code tpu-extra} finds {@code TPU_extra} as
     * {@code uv run --extra tpu-extra} does.
     */
    public void requireExtra(String extra) throws BadInputException {
        if (!declares(extras, extra)) {
            throw new BadInputException(Message.of("Extra '" + extra + "' is not defined in " + file
                    + " [project.optional-dependencies] (declared: " + listed(extras) + ")."),
                    Message.of("Add it, e.g.\n  [project.optional-dependencies]\n  " + extra
                            + " = [\"jax[...]\"]\nor choose another with ", Setting.EXTRA.option("<name>"), "."));
        }
    }

    /**
     * The groups to pass to uv: explicitly asked groups must exist; groups that are only defaulted (such as the gpu
     * device's {@code dev}) are dropped when the file does not declare them, as the skill's authors had to.
     */
    public List<String> resolveGroups(List<String> explicit, List<String> defaults) throws BadInputException {
        if (explicit != null) {
            for (String group : explicit) {
                if (!declares(groups, group)) {
                    throw new BadInputException(Message.of("Dependency group '" + group + "' is not defined in "
                            + file + " [dependency-groups] (declared: " + listed(groups) + ")."),
                            Message.of("Add it, e.g.\n  [dependency-groups]\n  " + group
                                    + " = [\"pytest\"]\nor drop it from ", Setting.GROUPS.option(), " / ",
                                    Setting.GROUPS.configured(), "."));
                }
            }
            return List.copyOf(explicit);
        }
        List<String> kept = new ArrayList<>();
        for (String group : defaults) {
            if (declares(groups, group)) {
                kept.add(group);
            }
        }
        return kept;
    }

    /** PEP 503/685 normalisation, which uv applies to extra and group names. */
    static String normalize(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean declares(Set<String> declared, String name) {
        String wanted = normalize(name);
        for (String candidate : declared) {
            if (normalize(candidate).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String listed(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
