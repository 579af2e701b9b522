package io.github.skyremote.maven;

import io.github.skyremote.core.JvmShutdown;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.cluster.ClusterLeases;
import io.github.skyremote.core.cluster.ClusterLifecycle;
import io.github.skyremote.core.cluster.ClusterNameFile;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.cluster.SharedCluster;
import io.github.skyremote.core.cluster.ShutdownTeardown;
import io.github.skyremote.core.process.ProcessLauncher;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyRunSettings;
import io.github.skyremote.core.sky.SkyRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.maven.execution.ExecutionListener;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;

/**
 * The clusters one Maven build uses, one {@link SharedCluster} per name file, and what tells them that a user is
 * done when no {@code remote:down} says so: an {@link ExecutionListener} chained into the build's request when the
 * first cluster goal runs (Maven 3.9 and 4 read the request's listener for every event, so no
 * {@code <extensions>true</extensions>} is needed), which hears of modules that succeeded, failed or were skipped
 * (fail-fast) and of the build's end; and a JVM shutdown hook for Ctrl+C and SIGTERM. The teardown never runs while
 * a goal of this plugin that already started still runs: the hook first waits for them (their own hooks cancel their
 * jobs), and refuses new ones.
 */
final class BuildClusters {
    /** How long the shutdown hook waits for running goals to finish their own clean-up (30 s per command). */
    private static final long GOALS_WAIT_MILLIS = 75_000;
    private static final long DOWN_SECONDS = 120;
    private static final long STATUS_SECONDS = 30;

    private static final Map<MavenExecutionRequest, BuildClusters> BUILDS = new WeakHashMap<>();

    /** What a teardown outside a goal (listener, shutdown hook) needs, taken from the first goal that joined. */
    record Tools(ProcessLauncher launcher, Path projectRoot, String skyPath, SkyRunSettings settings, SkyLog log,
            boolean purge) {
    }

    private record Entry(SharedCluster shared, SharedCluster.Membership membership, Set<String> users,
            Tools tools) {
    }

    private final String leaseId = ClusterLeases.newId(ProcessHandle.current().pid(), new SecureRandom());
    private final Map<Path, Entry> clusters = new LinkedHashMap<>();
    private final Object goalsLock = new Object();
    private int goalsRunning;
    private volatile boolean closing;
    private volatile boolean ended;
    private Thread hook;
    private boolean listening;
    /** Counted down when the shutdown hook has settled every cluster. */
    private final CountDownLatch settledOnShutdown = new CountDownLatch(1);

    static BuildClusters of(MavenSession session) {
        synchronized (BUILDS) {
            return BUILDS.computeIfAbsent(session.getRequest(), request -> new BuildClusters());
        }
    }

    /** True once the build is interrupted (or over): no goal may start on the cluster any more. */
    boolean stopping() {
        return closing || ended || JvmShutdown.inProgress();
    }

    /** A running goal: the shutdown hook waits until it is closed. */
    final class Goal implements AutoCloseable {
        private final SharedCluster shared;
        private boolean closed;

        private Goal(SharedCluster shared) {
            this.shared = shared;
        }

        SharedCluster cluster() {
            return shared;
        }

        @Override
        public void close() {
            synchronized (goalsLock) {
                if (!closed) {
                    closed = true;
                    goalsRunning--;
                    goalsLock.notifyAll();
                }
            }
        }
    }

    /**
     * A goal of {@code project} is about to use the cluster of {@code file}: writes or updates this build's lease,
     * and on the first call starts listening to the build and registers the shutdown hook.
     *
     * @param plan read lazily, once per name file
     */
    Goal join(MavenSession session, MavenProject project, ClusterNameFile file, Device device,
            String explicitCluster, java.util.function.Supplier<ReactorPlan> plan, Tools tools)
            throws RemoteException, IOException {
        synchronized (goalsLock) {
            if (stopping()) {
                throw new SkyFailedException("Build interrupted: no new goal starts on the cluster.",
                        "Nothing to do: the interrupt handler tears the cluster down or says why it stays.");
            }
            goalsRunning++;
        }
        Goal goal = null;
        try {
            Entry entry;
            synchronized (this) {
                entry = clusters.get(file.path());
                if (entry == null) {
                    entry = newEntry(session, file, device, plan.get(), tools);
                    clusters.put(file.path(), entry);
                }
                listenTo(session);
            }
            String module = ReactorPlan.moduleId(project);
            entry.users().add(module);
            entry.shared().join(entry.membership(), module, explicitCluster);
            goal = new Goal(entry.shared());
            return goal;
        } finally {
            if (goal == null) {
                synchronized (goalsLock) {
                    goalsRunning--;
                    goalsLock.notifyAll();
                }
            }
        }
    }

    private Entry newEntry(MavenSession session, ClusterNameFile file, Device device, ReactorPlan plan,
            Tools tools) {
        Set<String> finished = ConcurrentHashMap.newKeySet();
        for (MavenProject project : session.getProjects()) {
            if (session.getResult().getBuildSummary(project) != null) {
                finished.add(ReactorPlan.moduleId(project));
            }
        }
        // The command as other builds' messages show it: "another build uses it (pid 22, mvn verify)".
        SharedCluster.Membership membership = plan.membership(file.path(), "mvn " + String.join(" ",
                session.getGoals()), finished);
        SharedCluster shared = new SharedCluster(file, device, new ClusterLeases(file), leaseId,
                ProcessHandle.current().pid(), ClusterLeases.currentProcessStart(), tools.log());
        Set<String> users = ConcurrentHashMap.newKeySet();
        users.addAll(membership.users());
        if (tools.log().isDebugEnabled()) {
            tools.log().debug("Users of " + file.path() + " in this build: " + membership.users() + "; teardown: "
                    + membership.teardown() + "; keep: " + membership.keep() + "; lease " + leaseId + "; " + plan);
        }
        return new Entry(shared, membership, users, tools);
    }

    private void listenTo(MavenSession session) {
        if (listening) {
            return;
        }
        listening = true;
        MavenExecutionRequest request = session.getRequest();
        request.setExecutionListener(new ClusterUseListener(request.getExecutionListener(), this));
        preloadForShutdown();
        hook = new Thread(this::interrupted, "remote-maven-plugin-cluster-teardown");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            hook = null; // already shutting down: join refuses the goal
        }
    }

    /** Maven finished a module that had not said it was done (its down did not run, or it binds none). */
    void moduleEnded(MavenProject project, MavenSession session) {
        if (closing || JvmShutdown.inProgress()) {
            return; // the shutdown hook settles everything
        }
        String module = ReactorPlan.moduleId(project);
        for (Entry entry : entries()) {
            if (!entry.users().contains(module)) {
                continue;
            }
            try {
                entry.shared().moduleDone(module, SharedCluster.Moment.MODULE_ENDED, false,
                        teardown(entry));
            } catch (RemoteException | IOException | RuntimeException e) {
                fail(session, entry, e);
            }
        }
    }

    /** The build ends: settles every cluster, gives up the leases, removes the shutdown hook. */
    void buildEnds(MavenSession session) {
        if (closing || JvmShutdown.inProgress()) {
            // Interrupted: the hook settles the clusters. Hold Maven here until it has, since Maven closes this
            // plugin's class loader once the build has ended, and then the hook could not load what it needs.
            if (hook != null) {
                try {
                    settledOnShutdown.await(GOALS_WAIT_MILLIS / 1000 + DOWN_SECONDS + STATUS_SECONDS + 30,
                            TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return;
        }
        ended = true;
        for (Entry entry : entries()) {
            try {
                entry.shared().buildEnds(SharedCluster.Moment.BUILD_ENDS, teardown(entry));
            } catch (RemoteException | IOException | RuntimeException e) {
                fail(session, entry, e);
            }
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down after all: the hook finds nothing left to do
            }
        }
        synchronized (BUILDS) {
            BUILDS.remove(session.getRequest());
        }
    }

    /** The shutdown hook: waits for running goals (their hooks cancel their jobs), then settles every cluster. */
    private void interrupted() {
        try {
            if (!ended) {
                closing = true;
                settle();
            }
        } finally {
            settledOnShutdown.countDown();
        }
    }

    private void settle() {
        long deadline = System.currentTimeMillis() + GOALS_WAIT_MILLIS;
        synchronized (goalsLock) {
            while (goalsRunning > 0 && System.currentTimeMillis() < deadline) {
                try {
                    goalsLock.wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (Entry entry : entries()) {
            Tools tools = entry.tools();
            SkyCommandBuilder sky = new SkyCommandBuilder(tools.skyPath());
            try {
                entry.shared().buildEnds(SharedCluster.Moment.INTERRUPTED, new ShutdownTeardown(tools.launcher(),
                        tools.projectRoot(), sky, entry.shared().nameFile(), tools.log(), DOWN_SECONDS,
                        STATUS_SECONDS));
            } catch (RemoteException e) {
                tools.log().error("Build interrupted: " + MavenFailures.describe(e));
            } catch (IOException | RuntimeException e) {
                tools.log().error("Build interrupted: could not settle the cluster of "
                        + entry.shared().nameFile().path() + ": " + e + ". Check `sky status`.");
            }
        }
    }

    /** The verified teardown of remote:down, for the listener. */
    private SharedCluster.Teardown teardown(Entry entry) {
        Tools tools = entry.tools();
        return cluster -> {
            ClusterLifecycle lifecycle = new ClusterLifecycle(new SkyRunner(tools.launcher(), tools.projectRoot(),
                    tools.log()), new SkyCommandBuilder(tools.skyPath()), tools.settings(), tools.log());
            ClusterNameFile file = entry.shared().nameFile();
            lifecycle.down(new ClusterRef(cluster, file.path().getFileName().toString(), entry.shared().device()),
                    file, tools.purge());
        };
    }

    private void fail(MavenSession session, Entry entry, Exception e) {
        String message = e instanceof RemoteException remote ? MavenFailures.describe(remote)
                : "Could not settle the cluster of " + entry.shared().nameFile().path() + ": " + e;
        entry.tools().log().error(message);
        session.getResult().addException(new MojoExecutionException(message, e));
    }

    private synchronized List<Entry> entries() {
        return new ArrayList<>(clusters.values());
    }

    /**
     * Loads the classes the shutdown hook needs, in case Maven closed this plugin's class loader before the hook ran
     * (it waits for the hook at the build's end, but a build can also end on another path).
     */
    private static void preloadForShutdown() {
        ClassLoader loader = BuildClusters.class.getClassLoader();
        for (Class<?> type : List.of(ShutdownTeardown.class, SharedCluster.class, ClusterLeases.class,
                JvmShutdown.class)) {
            for (Class<?> nested : type.getDeclaredClasses()) {
                try {
                    Class.forName(nested.getName(), true, loader);
                } catch (ClassNotFoundException e) {
                    // cannot happen: the class is declared right there
                }
            }
        }
    }
}
