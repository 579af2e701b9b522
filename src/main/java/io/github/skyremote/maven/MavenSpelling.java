package io.github.skyremote.maven;

import io.github.skyremote.core.Action;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.Spelling;
import java.util.List;

/**
 * How a Maven user writes the settings and steps the core names (as jib's {@code MavenHelpfulSuggestions} does for
 * its core's {@code HelpfulSuggestions}): {@code -Dremote.sky=/path} for one run, {@code <env>} in the POM,
 * {@code mvn remote:provision -Ddevice=gpu} for a step.
 */
final class MavenSpelling implements Spelling {
    static final MavenSpelling INSTANCE = new MavenSpelling();

    /** The plugin's goal prefix, from its artifactId. */
    static final String GOAL_PREFIX = "remote";

    /**
     * A setting's Maven names.
     *
     * @param property its user property, or null when it has none (a map such as {@code env})
     * @param parameter its parameter: the POM element
     */
    record Names(String property, String parameter) {
    }

    private MavenSpelling() {
    }

    static Names names(Setting setting) {
        return switch (setting) {
            case DEVICE -> new Names(PropertyNames.DEVICE, "device");
            case CLUSTER -> new Names(PropertyNames.CLUSTER, "cluster");
            case CLUSTER_NAME_FILE -> new Names(PropertyNames.CLUSTER_NAME_FILE, "clusterNameFile");
            case SKY -> new Names(PropertyNames.SKY, "skyExecutable");
            case TIMEOUT -> new Names(PropertyNames.TIMEOUT, "timeout");
            case LOG_FILE -> new Names(PropertyNames.LOG_FILE, "logFile");
            case ENV -> new Names(null, "env");
            case SECRETS -> new Names(PropertyNames.SECRETS, "secrets");
            case WORKDIR -> new Names(PropertyNames.WORKDIR, "workdir");
            case EXTRA -> new Names(PropertyNames.EXTRA, "extra");
            case GROUPS -> new Names(PropertyNames.GROUPS, "groups");
            case GPUS -> new Names(PropertyNames.GPUS, "gpus");
            case ACCELERATOR -> new Names(PropertyNames.ACCELERATOR, "accelerator");
            case SCRIPT -> new Names(PropertyNames.SCRIPT, "script");
            case TEST_PATH -> new Names(PropertyNames.TEST_PATH, "testPath");
            case PYTEST_ARGS -> new Names(PropertyNames.PYTEST_ARGS, "pytestArgs");
            case FAIL_IF_NO_TESTS -> new Names(PropertyNames.FAIL_IF_NO_TESTS, "failIfNoTests");
            case TEST_FAILURE_IGNORE -> new Names(PropertyNames.TEST_FAILURE_IGNORE, "testFailureIgnore");
            case SYNC_WARN_MB -> new Names(PropertyNames.SYNC_WARN_MB, "syncWarnMb");
            case SYNC_FAIL_MB -> new Names(PropertyNames.SYNC_FAIL_MB, "syncFailMb");
            case INFRA -> new Names(PropertyNames.INFRA, "infra");
            case RETRY_UNTIL_UP -> new Names(PropertyNames.RETRY_UNTIL_UP, "retryUntilUp");
            case TASK_FILE -> new Names(PropertyNames.TASK_FILE, "taskFile");
            case PURGE -> new Names(PropertyNames.PURGE, "purge");
            case KEEP -> new Names(PropertyNames.KEEP, "keep");
            case API_SERVER -> new Names(PropertyNames.API_SERVER, "apiServer");
            case SERVER_ID -> new Names(PropertyNames.SERVER_ID, "serverId");
            case FORCE -> new Names(PropertyNames.FORCE, "force");
            case USE_SPOT -> new Names(PropertyNames.USE_SPOT, "useSpot");
            case MANAGED -> new Names(PropertyNames.MANAGED, "managed");
            case JOB_RECOVERY -> new Names(PropertyNames.JOB_RECOVERY, "jobRecovery");
            case JOB_ID -> new Names(PropertyNames.JOB_ID, "jobId");
            case FOLLOW -> new Names(PropertyNames.FOLLOW, "follow");
            case ALL -> new Names(PropertyNames.ALL, "all");
        };
    }

    /** {@code -Dremote.sky} or {@code -Dremote.sky=/path}; a setting without a property is named as in the POM. */
    @Override
    public String option(Setting setting, String value) {
        Names names = names(setting);
        if (names.property() == null) {
            return configured(setting, null, null);
        }
        return "-D" + names.property() + (value == null ? "" : "=" + value);
    }

    /** The user property, as in "(remote.timeout)". */
    @Override
    public String name(Setting setting) {
        Names names = names(setting);
        return names.property() != null ? names.property() : names.parameter();
    }

    /** {@code <env>}, {@code <env><MY_VAR>1</MY_VAR></env>}, {@code <secrets><secret>HF_TOKEN</secret></secrets>}. */
    @Override
    public String configured(Setting setting, String key, String value) {
        String element = names(setting).parameter();
        if (value == null) {
            return "<" + element + ">";
        }
        // A list's items take the singular of its name, as Maven's documentation writes them.
        String item = key != null ? key : element.endsWith("s") ? element.substring(0, element.length() - 1)
                : element;
        return "<" + element + "><" + item + ">" + value + "</" + item + "></" + element + ">";
    }

    /** {@code mvn remote:provision -Ddevice=gpu}; once for the project: {@code mvn -N remote:down ...}. */
    @Override
    public String run(Action action, boolean once, List<Message.Option> options) {
        StringBuilder command = new StringBuilder("mvn ").append(once ? "-N " : "").append(step(action));
        for (Message.Option option : options) {
            command.append(' ').append(option(option.setting(), option.value()));
        }
        return command.toString();
    }

    /** {@code remote:down}. */
    @Override
    public String step(Action action) {
        return GOAL_PREFIX + ":" + action.key();
    }

    @Override
    public String tool() {
        return "Maven";
    }
}
