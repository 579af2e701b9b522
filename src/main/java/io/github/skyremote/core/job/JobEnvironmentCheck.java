package io.github.skyremote.core.job;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.process.SecretMasker;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Validates {@code env} and {@code secrets} before sky runs, and finds the secret values to mask. */
public final class JobEnvironmentCheck {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private JobEnvironmentCheck() {
    }

    /** Checks names; secrets must be set in the environment sky inherits, since only the name goes on argv. */
    public static SkyCommandBuilder.JobEnvironment check(Map<String, String> env, List<String> secrets,
            Map<String, String> processEnvironment) throws BadInputException {
        Map<String, String> checkedEnv = new LinkedHashMap<>();
        if (env != null) {
            for (Map.Entry<String, String> entry : env.entrySet()) {
                String key = entry.getKey();
                if (key == null || !NAME.matcher(key).matches()) {
                    throw new BadInputException(Message.of("Invalid environment variable name '" + key + "' in ",
                            Setting.ENV.configured(), "."), Message.of("Names are letters, digits and _ and do not"
                                    + " start with a digit, e.g. ", Setting.ENV.configuredEntry("MY_VAR", "1"), "."));
                }
                checkedEnv.put(key, entry.getValue() == null ? "" : entry.getValue());
            }
        }
        List<String> checkedSecrets = new ArrayList<>();
        if (secrets != null) {
            for (String secret : secrets) {
                String name = secret == null ? "" : secret.trim();
                if (!NAME.matcher(name).matches()) {
                    throw new BadInputException(Message.of("Invalid secret name '" + secret + "' in ",
                            Setting.SECRETS.configured(), "."), Message.of("List names of environment variables,"
                                    + " e.g. ", Setting.SECRETS.configuredItem("HF_TOKEN"), "; never the values."));
                }
                if (!processEnvironment.containsKey(name)) {
                    throw new BadInputException(Message.of("Secret " + name
                            + " is not set in the environment of this build."), Message.of("Export it before running ",
                                    Message.TOOL, " (export " + name + "=...), or in Jenkins bind it with"
                                    + " withCredentials([string(credentialsId: '...', variable: '" + name + "')])."));
                }
                String value = processEnvironment.get(name);
                if (value == null || value.isEmpty()) {
                    throw new BadInputException(Message.of("Secret " + name
                            + " is set but empty in the environment of this build."), Message.of("Export its value"
                                    + " before running ", Message.TOOL, " (export " + name + "=...), or check the"
                                    + " credentials binding that sets it (Jenkins: withCredentials)."));
                }
                if (SecretMasker.tooShort(value)) {
                    throw new BadInputException(Message.of("Secret " + name + " is only "
                            + value.codePointCount(0, value.length()) + " character(s) long: a secret shorter than "
                            + SecretMasker.MIN_LENGTH + " characters cannot be masked safely in the job's output."),
                            Message.of("Use a real credential of at least " + SecretMasker.MIN_LENGTH
                                    + " characters; a value that is not secret goes in ", Setting.ENV.configured(),
                                    " instead."));
                }
                if (checkedEnv.containsKey(name)) {
                    throw new BadInputException(Message.of(name + " is both in ", Setting.ENV.configured(),
                            " and in ", Setting.SECRETS.configured(), "."), Message.of("Keep it in ",
                                    Setting.SECRETS.configured(), " only, so its value stays off the command line."));
                }
                checkedSecrets.add(name);
            }
        }
        return new SkyCommandBuilder.JobEnvironment(checkedEnv, checkedSecrets);
    }

    /** The values of the secrets, to mask them in every line shown or stored. */
    public static SecretMasker masker(List<String> secrets, Map<String, String> processEnvironment) {
        List<String> values = new ArrayList<>();
        if (secrets != null) {
            for (String name : secrets) {
                String value = processEnvironment.get(name == null ? "" : name.trim());
                if (value != null) {
                    values.add(value);
                }
            }
        }
        return new SecretMasker(values);
    }
}
