package io.github.skyremote.maven;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.sky.ShellWords;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Lets a {@code -D} on the command line win over the same parameter written in the POM, as jib does: Maven itself
 * only uses a parameter's property when the POM does not configure it.
 */
final class UserProperties {
    private final Properties properties;

    UserProperties(Properties properties) {
        this.properties = properties;
    }

    boolean has(String property) {
        return properties.containsKey(property);
    }

    String string(String property, String configured) {
        return has(property) ? properties.getProperty(property) : configured;
    }

    boolean bool(String property, boolean configured) throws BadInputException {
        if (!has(property)) {
            return configured;
        }
        String value = properties.getProperty(property).trim();
        if (value.isEmpty() || value.equalsIgnoreCase("true")) {
            return true; // -Dremote.dryRun alone means true, as Maven's own flags do
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new BadInputException("-D" + property + "=" + value + " is not true or false.",
                "Use -D" + property + "=true or -D" + property + "=false.");
    }

    int integer(String property, int configured) throws BadInputException {
        if (!has(property)) {
            return configured;
        }
        String value = properties.getProperty(property).trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadInputException("-D" + property + "=" + value + " is not a whole number.",
                    "Use for example -D" + property + "=30.");
        }
    }

    File file(String property, File configured, File basedir) {
        if (!has(property)) {
            return configured;
        }
        File file = new File(properties.getProperty(property));
        return file.isAbsolute() ? file : new File(basedir, file.getPath());
    }

    /** A comma-separated list ({@code -Dremote.groups=dev,test}); blank entries dropped. */
    List<String> commaList(String property, List<String> configured) {
        if (!has(property)) {
            return configured;
        }
        List<String> values = new ArrayList<>();
        for (String value : properties.getProperty(property).split(",")) {
            if (!value.isBlank()) {
                values.add(value.trim());
            }
        }
        return values;
    }

    /** One string split as a POSIX shell splits words ({@code -Dargs="--lr 1e-3 --name 'a b' ''"}). */
    List<String> words(String property, List<String> configured) throws BadInputException {
        if (!has(property)) {
            return configured;
        }
        String line = properties.getProperty(property);
        try {
            return ShellWords.split(line);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("-D" + property + " cannot be split into words: " + e.getMessage() + ".",
                    "Quote as in a shell: -D" + property + "=\"--name 'a b' --flag\"; close every quote.");
        }
    }
}
