package io.github.skyremote.maven;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.cluster.ClusterNameFile;
import io.github.skyremote.core.cluster.ClusterNames;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.cluster.SharedCluster;
import io.github.skyremote.core.process.Deadline;
import io.github.skyremote.core.process.ProcessLauncher;
import io.github.skyremote.core.process.SecretMasker;
import io.github.skyremote.core.sky.ApiServerAccess;
import io.github.skyremote.core.sky.ApiServerPreflight;
import io.github.skyremote.core.sky.LocalApiServerStart;
import io.github.skyremote.core.sky.SkyCommand;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyExecutable;
import io.github.skyremote.core.sky.SkyRunSettings;
import io.github.skyremote.core.sky.SkyRunner;
import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.lifecycle.DefaultLifecycles;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Parameters and plumbing every goal shares. Subclasses read their own parameters and call the core; this class
 * turns the core's typed exceptions into {@link MojoFailureException} (the user's job failed) or
 * {@link MojoExecutionException} (input or setup is broken).
 */
public abstract class AbstractRemoteMojo extends AbstractMojo {
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${project}", readonly = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    protected MojoExecution mojoExecution;

    /**
     * The kind of cluster: {@code gpu} or {@code tpu}. It selects the cluster name file, the uv extra and the
     * remote command prefix. In an interactive build a missing device is asked for; in batch mode ({@code -B}) it
     * is an error listing the choices.
     */
    @Parameter(property = PropertyNames.DEVICE)
    protected String device;

    /**
     * The cluster to use, instead of the one named in the device's cluster name file. Must be a valid SkyPilot
     * cluster name.
     */
    @Parameter(property = PropertyNames.CLUSTER)
    protected String cluster;

    /**
     * The file holding the cluster's name. Default: {@code .cluster_name_<device>} in the project root. The project
     * root is the multi-module directory (where {@code .mvn/} is), so all modules of a reactor share one cluster.
     */
    @Parameter(property = PropertyNames.CLUSTER_NAME_FILE)
    protected File clusterNameFile;

    /** The SkyPilot CLI: a name looked up on the PATH, or a path to the executable. */
    @Parameter(property = PropertyNames.SKY, defaultValue = "sky")
    protected String skyExecutable;

    /** Skip this goal. */
    @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
    protected boolean skip;

    /**
     * Print the exact {@code sky} commands, quoted for copy and paste, and run nothing. Secrets appear by name
     * only.
     */
    @Parameter(property = PropertyNames.DRY_RUN, defaultValue = "false")
    protected boolean dryRun;

    /**
     * Seconds the whole goal may take, every {@code sky} command in it included: a budget counted from the goal's
     * start, from which each command gets what is left (at least 1 s); {@code 0} means no limit. On expiry the
     * {@code sky} client's own processes are killed (never SkyPilot's local API server, which runs in its own session)
     * and the remote work is cleaned up: {@code sky cancel} for a job; for {@code provision}, {@code sky down} of a
     * cluster it launched (also while its autostop is being checked) and {@code sky stop} of one it started. The
     * clean-up commands have their own bound (30 to 120 s each), so they run even when the budget is spent.
     */
    @Parameter(property = PropertyNames.TIMEOUT, defaultValue = "0")
    protected int timeout;

    /**
     * Environment variables for the remote job, passed as {@code --env KEY=VALUE}; in the POM
     * {@code <env><KEY>value</KEY></env>}. Values appear on the command line and in logs: put secrets in
     * {@code secrets} instead.
     */
    @Parameter
    protected Map<String, String> env;

    /**
     * Names of environment variables of this build whose values the job needs, passed as {@code --secret NAME}:
     * the value never appears on a command line, in a log, in {@code -X} output or in a file, and where the job
     * prints it, it is masked as {@code ****}. Comma-separated on the command line. An entry
     * {@code NAME=settings:<server id>} ({@code <secret>HF_TOKEN=settings:hf</secret>}) takes the value from the
     * {@code <password>} of that settings.xml server instead, decrypted as Maven decrypts deploy credentials, and puts
     * it only into the {@code sky} process's environment as {@code NAME}. A secret that is empty or shorter
     * than 4 characters cannot be masked safely: {@code exec}, {@code pytest} and {@code provision} refuse it before
     * any {@code sky} process starts.
     */
    @Parameter(property = PropertyNames.SECRETS)
    protected List<String> secrets;

    /**
     * The URL of a shared (team) SkyPilot API server, e.g. {@code https://skypilot.example.com}: every {@code sky}
     * process of the build gets it as {@code SKYPILOT_API_SERVER_ENDPOINT}, no local API server is started, a cheap
     * {@code sky api info} checks the server before the first real command, and new cluster names carry the build's
     * identity. Unset: {@code SKYPILOT_API_SERVER_ENDPOINT} of the build's environment, else SkyPilot's own config
     * ({@code ~/.sky/config.yaml}), as {@code sky} itself reads them.
     */
    @Parameter(property = PropertyNames.API_SERVER)
    protected String apiServer;

    /**
     * The {@code <server>} of settings.xml whose {@code <password>} is the API server's service-account token
     * ({@code sky_...}), decrypted as Maven decrypts deploy credentials; it reaches {@code sky} only as
     * {@code SKYPILOT_SERVICE_ACCOUNT_TOKEN} in its environment. Used when an API server is set (or this is set
     * explicitly); set explicitly, the server must exist. Default: {@code skypilot}.
     */
    @Parameter(property = PropertyNames.SERVER_ID)
    protected String serverId;

    /**
     * A copy of every line {@code sky} printed, for every {@code sky} command of the goal (e.g. a failed launch and
     * the teardown after it), each under a header line {@code === <command> (<UTC time>)} (secrets by name only).
     * Default: {@code target/remote/<goal>-<execution id>.log}. The goal's first command starts the file afresh. If
     * it cannot be written while {@code sky} runs (a full disk), the plugin stops {@code sky}, cleans up as on a
     * timeout and fails the goal saying so.
     */
    @Parameter(property = PropertyNames.LOG_FILE)
    protected File logFile;

    /** Starts processes; tests replace it. */
    ProcessLauncher launcher = ProcessLauncher.SYSTEM;

    /** The process environment; tests replace it. */
    Map<String, String> environment = System.getenv();

    protected UserProperties userProperties;

    /** The build's lifecycles: which phases a build reaches, to find the modules that use the cluster. */
    @Component
    private DefaultLifecycles lifecycles;

    /** Decrypts the passwords of settings.xml (token, secrets) as for deploy credentials. */
    @Component
    private SettingsDecrypter settingsDecrypter;

    /** The team API server and the settings.xml credentials for this goal's {@code sky} processes. */
    protected ApiServerAccess apiServerAccess = ApiServerAccess.NONE;

    /** The launcher without {@link #apiServerAccess}'s variables. */
    private ProcessLauncher buildLauncher;

    /** This goal's share of the build's cluster, once it joined ({@link #shareCluster}). */
    private BuildClusters.Goal sharedGoal;

    /** The goal's time budget ({@code timeout}), started when the goal starts. */
    protected Deadline deadline = Deadline.none();

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        try {
            resolveParameters();
            if (skip) {
                getLog().info("Skipping " + goal() + " (remote.skip).");
                return;
            }
            if (timeout < 0) {
                throw new BadInputException("timeout is " + timeout + "; it must be 0 (no limit) or more seconds.",
                        "Set -Dremote.timeout=<seconds>, e.g. -Dremote.timeout=3600.");
            }
            deadline = Deadline.startingNow(timeout);
            useApiServer(ApiServerSetup.resolve(session, settingsDecrypter, apiServer, serverId, secrets, environment));
            run();
        } catch (RemoteException e) {
            if (defersFailures()) {
                deferFailure(e);
                return;
            }
            MavenFailures.fail(e);
        } finally {
            if (sharedGoal != null) {
                sharedGoal.close();
            }
        }
    }

    /**
     * Hands the API server and the settings.xml credentials to every {@code sky} process of this goal, through one
     * hook: the launcher ({@link ApiServerAccess#launcher}).
     */
    private void useApiServer(ApiServerSetup setup) {
        apiServerAccess = setup.access();
        secrets = setup.secretNames();
        environment = setup.environment();
        buildLauncher = launcher;
        launcher = apiServerAccess.launcher(launcher);
        if (apiServerAccess.teamMode() && ApiServerSetup.firstInBuild(session, "describe " + apiServerAccess.endpoint())) {
            getLog().info(apiServerAccess.describe(environment).render(MavenSpelling.INSTANCE));
            apiServerAccess.clearTextWarning().ifPresent(getLog()::warn);
        }
        if (apiServerAccess.teamMode() && dryRun) {
            printDryRun(new SkyCommandBuilder(skyExecutable).apiInfo());
        }
    }

    /** Whether this goal runs {@code sky} for the cluster; down without a cluster to tear down does not. */
    protected boolean needsSky(ClusterNameFile file, String explicit) throws RemoteException {
        return true;
    }

    /**
     * Before the goal's first {@code sky} process, once per build: the team API server's pre-flight, or under Jenkins
     * without one, the start of a local API server that outlives the build.
     */
    private void beforeFirstSkyCommand() throws RemoteException {
        SkyCommandBuilder sky = new SkyCommandBuilder(skyPath());
        if (apiServerAccess.teamMode()) {
            String key = "preflight " + apiServerAccess.endpoint() + " " + apiServerAccess.token().map(
                    ApiServerAccess.Credential::source).orElse("");
            if (!ApiServerSetup.done(session, key)) {
                new ApiServerPreflight(runner(), sky, runSettings(null, SecretMasker.NONE, p -> Optional.empty()),
                        new MavenSkyLog(getLog())).check(apiServerAccess, apiServerAccess.tokenSource(environment));
                ApiServerSetup.markDone(session, key);
            }
        } else if (LocalApiServerStart.applies(environment, apiServerAccess)
                && ApiServerSetup.firstInBuild(session, "local api server")) {
            LocalApiServerStart.start(buildLauncher, projectRoot(), sky, runSettings(null, SecretMasker.NONE,
                    p -> Optional.empty()), environment, new MavenSkyLog(getLog()));
        }
    }

    /**
     * Lets a {@code -D} on the command line win over the POM for every parameter that has a user property (Maven
     * itself uses the property only when the POM does not set the parameter), as jib does. A malformed value fails
     * here, even for a skipped goal, as Maven's own injection of the property would.
     */
    void resolveParameters() throws RemoteException {
        userProperties = new UserProperties(session.getUserProperties());
        skip = userProperties.bool(PropertyNames.SKIP, skip);
        dryRun = userProperties.bool(PropertyNames.DRY_RUN, dryRun);
        timeout = userProperties.integer(PropertyNames.TIMEOUT, timeout);
        device = userProperties.string(PropertyNames.DEVICE, device);
        cluster = userProperties.string(PropertyNames.CLUSTER, cluster);
        clusterNameFile = userProperties.file(PropertyNames.CLUSTER_NAME_FILE, clusterNameFile, baseDirectory());
        skyExecutable = userProperties.string(PropertyNames.SKY, skyExecutable);
        secrets = userProperties.commaList(PropertyNames.SECRETS, secrets);
        logFile = userProperties.file(PropertyNames.LOG_FILE, logFile, baseDirectory());
        apiServer = userProperties.string(PropertyNames.API_SERVER, apiServer);
        serverId = userProperties.string(PropertyNames.SERVER_ID, serverId);
        resolveGoalParameters();
    }

    /** The goal's own parameters, as {@link #resolveParameters()} does for the common ones. */
    protected void resolveGoalParameters() throws RemoteException {
    }

    /** True when a failure is to be recorded for {@code remote:verify} instead of failing now. */
    protected boolean defersFailures() {
        return false;
    }

    private void deferFailure(RemoteException e) throws MojoExecutionException {
        try {
            deferredFailures().record(executionKey(), e instanceof JobFailedException, MavenFailures.describe(e));
        } catch (java.io.IOException io) {
            throw new MojoExecutionException("Cannot record the failure for remote:verify: " + io.getMessage()
                    + System.lineSeparator() + MavenFailures.describe(e), e);
        }
        getLog().error(MavenFailures.describe(e));
        getLog().error("The failure is recorded (remote.deferFailure); the build fails in remote:verify, after the"
                + " teardown.");
    }

    /** Where deferred failures of this module are recorded. */
    protected io.github.skyremote.core.job.DeferredFailures deferredFailures() {
        return new io.github.skyremote.core.job.DeferredFailures(targetDirectory().resolve("remote").resolve("failures"));
    }

    /** {@code <goal>-<execution id>}: unique per goal execution in a module. */
    protected String executionKey() {
        return goal() + "-" + executionId();
    }

    /** The execution's id; {@code default-cli} for a goal typed on the command line. */
    protected String executionId() {
        return mojoExecution == null ? "default-cli" : mojoExecution.getExecutionId();
    }

    protected Path targetDirectory() {
        return project != null && project.getBuild() != null && project.getBuild().getDirectory() != null
                ? Path.of(project.getBuild().getDirectory())
                : baseDirectory().toPath().resolve("target");
    }

    /** The goal's work, with common parameters already resolved. */
    protected abstract void run() throws RemoteException, MojoFailureException;

    protected String goal() {
        return mojoExecution == null ? getClass().getSimpleName() : mojoExecution.getGoal();
    }

    /** The device, asked for on the console in an interactive build. */
    protected Device resolveDevice() throws BadInputException {
        if ((device == null || device.isBlank()) && session.getRequest().isInteractiveMode()) {
            Console console = System.console();
            if (console != null) {
                device = console.readLine("Device for remote:%s (%s): ", goal(), Device.choices());
            }
        }
        return Device.parse(device);
    }

    /** The module directory, or the current directory outside a project. */
    protected File baseDirectory() {
        if (project != null && project.getBasedir() != null) {
            return project.getBasedir();
        }
        return new File(session.getRequest().getBaseDirectory() == null ? "."
                : session.getRequest().getBaseDirectory());
    }

    /**
     * The project root: the multi-module directory when it really is one ({@code .mvn/} there), else the top-level
     * project's directory (where Maven was started).
     */
    protected Path projectRoot() {
        File multiModule = session.getRequest().getMultiModuleProjectDirectory();
        if (multiModule != null && Files.isDirectory(multiModule.toPath().resolve(".mvn"))) {
            return multiModule.toPath().toAbsolutePath().normalize();
        }
        MavenProject top = session.getTopLevelProject();
        if (top != null && top.getBasedir() != null) {
            return top.getBasedir().toPath().toAbsolutePath().normalize();
        }
        return baseDirectory().toPath().toAbsolutePath().normalize();
    }

    protected ClusterNameFile nameFile(Device dev) {
        Path path = clusterNameFile != null ? clusterNameFile.toPath() : projectRoot().resolve(dev.nameFile());
        return new ClusterNameFile(path, dev);
    }

    /** The cluster named by {@code -Dcluster} (checked against SkyPilot's rule), or null when none is. */
    protected String explicitCluster() throws BadInputException {
        if (cluster == null || cluster.isBlank()) {
            return null;
        }
        String name = cluster.trim();
        if (!ClusterNames.isValid(name)) {
            throw new BadInputException("'" + name + "' (cluster) is not a valid SkyPilot cluster name.",
                    "Names start with a letter and hold letters, digits, '-', '_' and '.'; list yours with: sky status");
        }
        return name;
    }

    /** The cluster from {@code -Dcluster}, else from the name file. */
    protected ClusterRef resolveCluster(Device dev) throws BadInputException {
        String name = explicitCluster();
        if (name != null) {
            return ClusterRef.named(name, dev);
        }
        ClusterNameFile file = nameFile(dev);
        return new ClusterRef(file.read(), file.path().getFileName().toString(), dev);
    }

    protected Path defaultLogFile(String stem) {
        if (logFile != null) {
            return logFile.toPath();
        }
        return targetDirectory().resolve("remote").resolve(stem + "-" + executionId() + ".log");
    }

    /** Resolves {@code sky} to an absolute path; fails with an install hint. */
    protected String skyPath() throws SkyFailedException {
        return SkyExecutable.resolve(skyExecutable, environment.get("PATH")).toString();
    }

    /**
     * Display settings for this build: colours only on a console, module names in parallel builds; the timeout is
     * what is left of the goal's budget now.
     */
    protected SkyRunSettings runSettings(Path log, SecretMasker masker,
            Function<SkyRunner.Progress, Optional<SkyCommand>> cleanup) {
        boolean plain = !session.getRequest().isInteractiveMode() || System.console() == null;
        String prefix = session.isParallel() && project != null ? "[" + project.getArtifactId() + "] " : "";
        return SkyRunSettings.builder().timeoutSeconds(deadline.secondsForNextCommand()).logFile(log).stripAnsi(plain)
                .linePrefix(prefix).masker(masker.and(apiServerAccess.secretValues())).cleanup(cleanup).build();
    }

    protected SkyRunner runner() {
        return new SkyRunner(launcher, projectRoot(), MavenSkyLog.forOutput(getLog(), session))
                .withIdleNotice(idleNotice());
    }

    /**
     * 30 s of silence from {@code sky} before the build says what it waits for. The ITs shorten it with the internal
     * property {@code remote.internal.idleNoticeSeconds}, which is not a parameter.
     */
    private java.time.Duration idleNotice() {
        String seconds = session.getUserProperties().getProperty(PropertyNames.INTERNAL_IDLE_NOTICE_SECONDS);
        try {
            return seconds == null ? io.github.skyremote.core.sky.IdleWatchdog.DEFAULT_INTERVAL
                    : java.time.Duration.ofSeconds(Long.parseLong(seconds.trim()));
        } catch (NumberFormatException e) {
            return io.github.skyremote.core.sky.IdleWatchdog.DEFAULT_INTERVAL;
        }
    }

    /** The version of the Maven running this build, as it reports itself ({@code maven.version}); "" if unknown. */
    protected String mavenVersion() {
        String version = session.getSystemProperties().getProperty("maven.version");
        return version == null ? "" : version;
    }

    protected boolean runsOnMaven4() {
        return mavenVersion().startsWith("4.");
    }

    /**
     * Joins this build's use of the cluster of {@code file} before the goal's first {@code sky} process: the build's
     * lease tells other builds it uses the cluster, and the cluster is torn down once, after the last module of the
     * build that uses it (see {@link SharedCluster}).
     */
    protected SharedCluster shareCluster(Device dev, ClusterNameFile file, String explicit) throws RemoteException {
        if (needsSky(file, explicit)) {
            beforeFirstSkyCommand();
        }
        MavenProject module = project != null ? project : session.getCurrentProject();
        boolean plain = !session.getRequest().isInteractiveMode() || System.console() == null;
        BuildClusters.Tools tools = new BuildClusters.Tools(launcher, projectRoot(), skyPath(),
                SkyRunSettings.builder().timeoutSeconds(timeout).stripAnsi(plain)
                        .masker(SecretMasker.NONE.and(apiServerAccess.secretValues())).build(),
                new MavenSkyLog(getLog()), userProperties.bool(PropertyNames.PURGE, false));
        try {
            sharedGoal = BuildClusters.of(session).join(session, module, file, dev, explicit,
                    () -> ReactorPlan.of(session, mojoExecution.getMojoDescriptor().getPluginDescriptor(), lifecycles,
                            projectRoot()), tools);
        } catch (IOException e) {
            throw new SkyFailedException("Cannot write this build's lease in " + file.path().getParent() + ": "
                    + e.getMessage(), "Check the permissions of the project root.", e);
        }
        return sharedGoal.cluster();
    }

    protected void printDryRun(SkyCommand command) {
        getLog().info("Dry run (remote.dryRun), not running: " + command.display());
    }
}
