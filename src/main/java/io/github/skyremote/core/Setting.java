package io.github.skyremote.core;

/**
 * A setting the user can change, named for no build tool. The core says which setting fixes a problem; the plugin
 * layer spells it ({@code -Dremote.syncWarnMb=0} and {@code <syncWarnMb>} in Maven) through a {@link Spelling}. Add a
 * value when the core needs to name another setting, and its spelling in every {@link Spelling}.
 */
public enum Setting {
    DEVICE("device"),
    CLUSTER("cluster"),
    CLUSTER_NAME_FILE("clusterNameFile"),
    SKY("sky"),
    TIMEOUT("timeout"),
    LOG_FILE("logFile"),
    ENV("env"),
    SECRETS("secrets"),
    WORKDIR("workdir"),
    EXTRA("extra"),
    GROUPS("groups"),
    GPUS("gpus"),
    ACCELERATOR("accelerator"),
    SCRIPT("script"),
    TEST_PATH("testPath"),
    PYTEST_ARGS("pytestArgs"),
    FAIL_IF_NO_TESTS("failIfNoTests"),
    TEST_FAILURE_IGNORE("testFailureIgnore"),
    SYNC_WARN_MB("syncWarnMb"),
    SYNC_FAIL_MB("syncFailMb"),
    INFRA("infra"),
    RETRY_UNTIL_UP("retryUntilUp"),
    TASK_FILE("taskFile"),
    PURGE("purge"),
    KEEP("keep"),
    API_SERVER("apiServer"),
    SERVER_ID("serverId"),
    FORCE("force"),
    USE_SPOT("useSpot"),
    MANAGED("managed"),
    JOB_RECOVERY("jobRecovery"),
    JOB_ID("jobId"),
    FOLLOW("follow"),
    ALL("all");

    private final String key;

    Setting(String key) {
        this.key = key;
    }

    /** The neutral name, e.g. {@code syncWarnMb}: what {@link Spelling#NEUTRAL} shows. */
    public String key() {
        return key;
    }

    /** The setting as given for one run, without a value ({@code -Dremote.sky} in Maven). */
    public Message.Option option() {
        return new Message.Option(this, null);
    }

    /** The setting as given for one run, with a value ({@code -Dremote.sky=/path/to/sky} in Maven). */
    public Message.Option option(String value) {
        return new Message.Option(this, value);
    }

    /** The setting's name in prose, as in "(remote.timeout)". */
    public Message.Name named() {
        return new Message.Name(this);
    }

    /** The setting as written in the project's build file ({@code <env>} in a POM). */
    public Message.Configured configured() {
        return new Message.Configured(this, null, null);
    }

    /** An example entry of a setting that maps names to values ({@code <env><MY_VAR>1</MY_VAR></env>}). */
    public Message.Configured configuredEntry(String key, String value) {
        return new Message.Configured(this, key, value);
    }

    /** An example item of a setting that lists values ({@code <secrets><secret>HF_TOKEN</secret></secrets>}). */
    public Message.Configured configuredItem(String value) {
        return new Message.Configured(this, null, value);
    }
}
