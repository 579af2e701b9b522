package io.github.skyremote.maven;

/**
 * Every user property of the plugin, spelled once: the {@code @Parameter(property = ...)} of each parameter and the
 * code that lets the same {@code -D} on the command line win over the POM ({@link UserProperties}) both use these
 * constants, so the two cannot drift apart. {@code PropertyResolutionTest} checks every goal against the plugin
 * descriptor.
 */
final class PropertyNames {
    // Every goal (AbstractRemoteMojo; skip also in remote:verify).
    static final String DEVICE = "device";
    static final String CLUSTER = "cluster";
    static final String CLUSTER_NAME_FILE = "remote.clusterNameFile";
    static final String SKY = "remote.sky";
    static final String SKIP = "remote.skip";
    static final String DRY_RUN = "remote.dryRun";
    static final String TIMEOUT = "remote.timeout";
    static final String SECRETS = "remote.secrets";
    static final String LOG_FILE = "remote.logFile";
    static final String API_SERVER = "remote.apiServer";
    static final String SERVER_ID = "remote.serverId";

    // exec and pytest (AbstractJobMojo).
    static final String WORKDIR = "remote.workdir";
    static final String EXTRA = "remote.extra";
    static final String GROUPS = "remote.groups";
    static final String CUDA_VISIBLE_DEVICES = "remote.cudaVisibleDevices";
    static final String GPUS = "remote.gpus";
    static final String ACCELERATOR = "accelerator";
    static final String DETACH = "remote.detach";
    static final String DEFER_FAILURE = "remote.deferFailure";
    static final String SYNC_WARN_MB = "remote.syncWarnMb";
    static final String SYNC_FAIL_MB = "remote.syncFailMb";
    static final String MANAGED = "remote.managed";
    static final String JOB_RECOVERY = "remote.jobRecovery";
    // and INFRA, USE_SPOT under provision

    // exec.
    static final String SCRIPT = "script";
    static final String ARGS = "args";

    // pytest.
    static final String TEST_PATH = "remote.testPath";
    static final String PYTEST_ARGS = "remote.pytestArgs";
    static final String FAIL_IF_NO_TESTS = "remote.failIfNoTests";
    static final String SKIP_TESTS = "skipTests";
    static final String MAVEN_TEST_SKIP = "maven.test.skip";
    static final String TEST_FAILURE_IGNORE = "maven.test.failure.ignore";

    // provision (and accelerator above).
    static final String EXPERIMENT = "experiment";
    static final String INFRA = "remote.infra";
    static final String IDLE_MINUTES = "remote.idleMinutes";
    static final String AUTODOWN = "remote.autodown";
    static final String USE_SPOT = "remote.useSpot";
    static final String RETRY_UNTIL_UP = "remote.retryUntilUp";
    static final String NUM_NODES = "remote.numNodes";
    static final String SETUP = "remote.setup";
    static final String TASK_FILE = "remote.taskFile";
    static final String TPU_RUNTIME_VERSION = "remote.tpuRuntimeVersion";

    // logs and cancel (and MANAGED above, also in status).
    static final String JOB_ID = "remote.jobId";
    static final String FOLLOW = "remote.follow";
    static final String ALL = "remote.all";

    // down.
    static final String PURGE = "remote.purge";
    static final String KEEP = "remote.keep";
    static final String FORCE = "remote.force";

    /** Not a parameter: the ITs shorten the 30 s idle notice with it. */
    static final String INTERNAL_IDLE_NOTICE_SECONDS = "remote.internal.idleNoticeSeconds";

    private PropertyNames() {
    }
}
