package io.github.skyremote.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.Mojo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code -D} on the command line wins over the same parameter in the POM, for every parameter of every goal that
 * has a user property (Maven alone would use the property only when the POM leaves the parameter out). Driven by the
 * plugin descriptor, so a new parameter is checked without touching this test: each goal's Mojo is built, every such
 * parameter gets a POM value and a different command-line value, and the Mojo's own resolution
 * ({@code resolveParameters}) must end with the command line's.
 */
class PropertyResolutionTest {
    private static final Set<String> GOALS = Set.of("cancel", "down", "exec", "logs", "provision", "pytest", "status",
            "verify");

    @TempDir
    Path tmp;

    @Test
    void everyGoalOfTheDescriptorIsChecked() throws Exception {
        assertEquals(GOALS, PluginDescriptor.goals().keySet(), "a new goal needs its line in the tests below");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cancel", "down", "exec", "logs", "provision", "pytest", "status", "verify"})
    void commandLineBeatsThePom(String goal) throws Exception {
        for (boolean pomBoolean : new boolean[] {true, false}) {
            PluginDescriptor.Goal descriptor = PluginDescriptor.goals().get(goal);
            Mojo mojo = newMojo(descriptor);
            Properties commandLine = new Properties();
            List<PluginDescriptor.Parameter> withProperty = withProperty(descriptor);
            for (PluginDescriptor.Parameter parameter : withProperty) {
                field(mojo, parameter).set(mojo, value(parameter, "pom", pomBoolean));
                commandLine.setProperty(parameter.property(), text(parameter, "cli", !pomBoolean));
            }
            resolve(mojo, commandLine);
            for (PluginDescriptor.Parameter parameter : withProperty) {
                assertEquals(value(parameter, "cli", !pomBoolean), field(mojo, parameter).get(mojo),
                        "remote:" + goal + " parameter " + parameter.name() + ": -D" + parameter.property() + "="
                                + text(parameter, "cli", !pomBoolean) + " on the command line must win over the POM");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cancel", "down", "exec", "logs", "provision", "pytest", "status", "verify"})
    void thePomValueStaysWithoutTheProperty(String goal) throws Exception {
        PluginDescriptor.Goal descriptor = PluginDescriptor.goals().get(goal);
        Mojo mojo = newMojo(descriptor);
        List<PluginDescriptor.Parameter> withProperty = withProperty(descriptor);
        for (PluginDescriptor.Parameter parameter : withProperty) {
            field(mojo, parameter).set(mojo, value(parameter, "pom", true));
        }
        resolve(mojo, new Properties());
        for (PluginDescriptor.Parameter parameter : withProperty) {
            assertEquals(value(parameter, "pom", true), field(mojo, parameter).get(mojo),
                    "remote:" + goal + " parameter " + parameter.name() + " keeps the POM's value");
        }
    }

    private static List<PluginDescriptor.Parameter> withProperty(PluginDescriptor.Goal goal) {
        List<PluginDescriptor.Parameter> parameters = new ArrayList<>();
        for (PluginDescriptor.Parameter parameter : goal.parameters()) {
            if (parameter.property() != null) {
                parameters.add(parameter);
            }
        }
        assertFalse(parameters.isEmpty(), goal.name());
        return parameters;
    }

    private static Mojo newMojo(PluginDescriptor.Goal goal) throws Exception {
        return (Mojo) Class.forName(goal.implementation()).getDeclaredConstructor().newInstance();
    }

    /** The Mojo's own -D-over-POM resolution, with these command-line properties. */
    private void resolve(Mojo mojo, Properties commandLine) throws Exception {
        MavenSession session = TestSessions.of(commandLine, tmp.toFile());
        if (mojo instanceof AbstractRemoteMojo remote) {
            remote.session = session;
            remote.resolveParameters();
        } else {
            VerifyMojo verify = (VerifyMojo) mojo;
            verify.session = session;
            verify.resolveParameters();
        }
    }

    private static Field field(Mojo mojo, PluginDescriptor.Parameter parameter) throws NoSuchFieldException {
        for (Class<?> c = mojo.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(parameter.name());
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new NoSuchFieldException(mojo.getClass().getName() + "." + parameter.name());
    }

    /** A value of the parameter's type that differs between "pom" and "cli". */
    private static Object value(PluginDescriptor.Parameter parameter, String origin, boolean bool) {
        return switch (parameter.type()) {
            case "boolean" -> bool;
            case "int", "java.lang.Integer" -> origin.equals("pom") ? 7 : 11;
            case "java.io.File" -> new File("/" + origin + "/" + parameter.name());
            case "java.util.List" -> List.of(origin + "-" + parameter.name());
            case "java.lang.String" -> origin + "-" + parameter.name();
            default -> throw new AssertionError("no test value for " + parameter + ": add one");
        };
    }

    /** The value as typed after -D. */
    private static String text(PluginDescriptor.Parameter parameter, String origin, boolean bool) {
        Object value = value(parameter, origin, bool);
        return value instanceof List<?> list ? (String) list.get(0) : String.valueOf(value);
    }

    @Test
    void aMapHasNoPropertyAndIsLeftToMaven() throws Exception {
        // env is the one parameter without a user property (a map cannot be given as one -D): nothing to resolve.
        for (PluginDescriptor.Goal goal : PluginDescriptor.goals().values()) {
            for (PluginDescriptor.Parameter parameter : goal.parameters()) {
                if (parameter.property() == null) {
                    assertEquals(Map.entry("env", "java.util.Map"), Map.entry(parameter.name(), parameter.type()),
                            "remote:" + goal.name() + " parameter " + parameter.name() + " has no user property");
                }
            }
        }
    }
}
