package io.github.skyremote.core.cluster;

import io.github.skyremote.core.Action;
import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cluster of one name file as one build's shared test fixture: set up once, used by every module, torn down once
 * after the last user. The rule, applied under the name file's lock:
 * <ul>
 * <li>the users are the modules of this build that bind a cluster goal (provision, exec, pytest, down) for this name
 * file; a user is done when its {@code remote:down} runs or when Maven finishes it (succeeded, failed, skipped);</li>
 * <li>the build wants the teardown when it binds {@code remote:down} for this cluster and does not keep it
 * ({@code remote.keep});</li>
 * <li>the cluster is torn down when every user of this build is done and no other live build (a second {@code mvn} on
 * the same checkout, see {@link ClusterLeases}) uses it; otherwise the log says who still does. A build that leaves
 * the teardown to another build records that, and the last build to finish does it, even if it binds no
 * {@code remote:down} itself.</li>
 * </ul>
 * Maven-free: the Maven layer finds the users and calls {@link #join}, {@link #moduleDone} and {@link #buildEnds}.
 */
public final class SharedCluster {
    /** What the rule decides when a user is done. */
    public enum Decision {
        /** Every user is done and no other build uses the cluster: tear it down now. */
        TEAR_DOWN,
        /** Other modules of this build still use it. */
        WAIT_FOR_MODULES,
        /** Another live build uses it: that build tears it down when it ends. */
        WAIT_FOR_BUILDS,
        /** The build keeps the cluster ({@code remote.keep}). */
        KEEP,
        /** The build binds no {@code remote:down}: the cluster stays, as it did before the build. */
        NOT_WANTED,
        /** This build already tore it down or said it keeps it. */
        HANDLED
    }

    /** Where a user's end was noticed; only the wording of the log changes. */
    public enum Moment {
        /** In {@code remote:down}. */
        DOWN_GOAL,
        /** Maven finished a module (succeeded, failed or skipped) that had not run its {@code remote:down}. */
        MODULE_ENDED,
        /** The build ends. */
        BUILD_ENDS,
        /** The JVM shuts down (Ctrl+C, SIGTERM). */
        INTERRUPTED
    }

    /**
     * What this build knows when it first uses the cluster.
     *
     * @param command the build's goals and phases, for other builds' messages
     * @param users modules (groupId:artifactId) that bind a cluster goal for this name file
     * @param finished users Maven has already finished
     * @param teardown the build binds {@code remote:down} for this cluster
     * @param keep the build keeps the cluster ({@code remote.keep})
     */
    public record Membership(String command, Set<String> users, Set<String> finished, boolean teardown, boolean keep) {
    }

    /** Tears the named cluster down, verified; called under the name file's lock. */
    @FunctionalInterface
    public interface Teardown {
        void tearDown(String cluster) throws RemoteException, IOException;
    }

    /** The decision, the cluster it was about (null when none is named), and who still uses it. */
    public record Outcome(Decision decision, String cluster, List<String> modules, List<ClusterLeases.Lease> builds) {
    }

    private final ClusterNameFile nameFile;
    private final Device device;
    private final ClusterLeases leases;
    private final String leaseId;
    private final long pid;
    private final Long processStart;
    private final SkyLog log;

    public SharedCluster(ClusterNameFile nameFile, Device device, ClusterLeases leases, String leaseId, long pid,
            Long processStart, SkyLog log) {
        this.nameFile = nameFile;
        this.device = device;
        this.leases = leases;
        this.leaseId = leaseId;
        this.pid = pid;
        this.processStart = processStart;
        this.log = log;
    }

    public ClusterNameFile nameFile() {
        return nameFile;
    }

    public Device device() {
        return device;
    }

    /**
     * A goal of {@code module} is about to use the cluster. The first call writes this build's lease; later calls
     * add a user the build's plan missed and take back "done" (the module uses the cluster again).
     *
     * @param explicitCluster the cluster named by the cluster setting, or null
     */
    public void join(Membership membership, String module, String explicitCluster)
            throws RemoteException, IOException {
        nameFile.withLock(() -> {
            Optional<ClusterLeases.Lease> existing = leases.read(leaseId);
            ClusterLeases.Lease lease = existing.orElseGet(() -> new ClusterLeases.Lease(leaseId, pid, processStart,
                    membership.command(), List.copyOf(membership.users()), List.copyOf(membership.finished()),
                    membership.teardown(), membership.keep(), null, false));
            List<String> users = new ArrayList<>(lease.users());
            if (!users.contains(module)) {
                users.add(module);
            }
            List<String> finished = new ArrayList<>(lease.finished());
            finished.remove(module);
            String cluster = explicitCluster != null ? explicitCluster : lease.cluster();
            leases.write(lease.with(users, finished, lease.teardown(), lease.keep(), cluster, false));
            return null;
        });
    }

    /**
     * A user is done with the cluster: its {@code remote:down} runs ({@code downGoal}), or Maven finished it. Tears the
     * cluster down when the rule says so.
     *
     * @param keep this {@code remote:down} keeps the cluster
     */
    public Outcome moduleDone(String module, Moment moment, boolean keep, Teardown teardown)
            throws RemoteException, IOException {
        return nameFile.withLock(() -> {
            Optional<ClusterLeases.Lease> existing = leases.read(leaseId);
            if (existing.isEmpty()) {
                return new Outcome(Decision.HANDLED, null, List.of(), List.of());
            }
            ClusterLeases.Lease lease = existing.get();
            List<String> finished = new ArrayList<>(lease.finished());
            if (finished.contains(module) && moment != Moment.DOWN_GOAL) {
                // Maven finished a module whose remote:down already said it was done: nothing new.
                return new Outcome(Decision.HANDLED, lease.cluster(), lease.unfinished(), List.of());
            }
            if (!finished.contains(module)) {
                finished.add(module);
            }
            boolean downGoal = moment == Moment.DOWN_GOAL;
            lease = lease.with(lease.users(), finished, lease.teardown() || downGoal, lease.keep() || keep,
                    lease.cluster(), lease.done());
            leases.write(lease);
            return settle(lease, moment, module, teardown);
        });
    }

    /**
     * The build ends (or the JVM shuts down): every user is done; tears the cluster down when the rule says so, then
     * gives up this build's lease.
     */
    public Outcome buildEnds(Moment moment, Teardown teardown) throws RemoteException, IOException {
        return nameFile.withLock(() -> {
            Optional<ClusterLeases.Lease> existing = leases.read(leaseId);
            if (existing.isEmpty()) {
                return new Outcome(Decision.HANDLED, null, List.of(), List.of());
            }
            ClusterLeases.Lease lease = existing.get();
            lease = lease.with(lease.users(), lease.users(), lease.teardown(), lease.keep(), lease.cluster(),
                    lease.done());
            try {
                return settle(lease, moment, null, teardown);
            } finally {
                leases.delete(leaseId);
            }
        });
    }

    /**
     * The rule, without side effects.
     *
     * @param requested another build left the teardown of the current cluster to the last build
     */
    public static Decision decide(ClusterLeases.Lease own, List<ClusterLeases.Lease> others, boolean requested) {
        if (own.done()) {
            return Decision.HANDLED;
        }
        if (!own.unfinished().isEmpty()) {
            return Decision.WAIT_FOR_MODULES;
        }
        if (!own.teardown() && !requested) {
            return Decision.NOT_WANTED;
        }
        if (own.keep()) {
            return Decision.KEEP;
        }
        if (!others.isEmpty()) {
            return Decision.WAIT_FOR_BUILDS;
        }
        return Decision.TEAR_DOWN;
    }

    private Outcome settle(ClusterLeases.Lease lease, Moment moment, String module, Teardown teardown)
            throws RemoteException, IOException {
        String cluster = lease.cluster() != null ? lease.cluster() : namedCluster(moment);
        List<ClusterLeases.Lease> others = leases.liveOthers(leaseId, log);
        Optional<ClusterLeases.TeardownRequest> request = leases.teardownRequest();
        if (request.isPresent() && (cluster == null || !request.get().cluster().equals(cluster))) {
            leases.clearTeardownRequest(); // about a cluster that is gone or replaced
            request = Optional.empty();
        }
        Decision decision = decide(lease, others, request.isPresent());
        List<String> waiting = names(lease.unfinished());
        Outcome outcome = new Outcome(decision, cluster, waiting, others);
        String what = cluster == null ? "The cluster" : "Cluster " + cluster;
        String prefix = moment == Moment.INTERRUPTED ? "Build interrupted: " : "";
        switch (decision) {
            case HANDLED, NOT_WANTED -> {
                if (moment == Moment.INTERRUPTED && decision == Decision.NOT_WANTED && cluster != null) {
                    log.info(Message.of(prefix + what + " stays up: this build binds no ", Action.DOWN.named(),
                            ". Its autostop (set by ", Action.PROVISION.named(), ") stops it once idle; tear it down"
                                    + " now: ", tearDownHint(cluster)));
                }
            }
            case WAIT_FOR_MODULES -> {
                // Said by remote:down only: when Maven ends a module otherwise, the users left may never run
                // (fail-fast skips them); the build's end settles the cluster then.
                if (cluster != null && moment == Moment.DOWN_GOAL) {
                    log.info(Message.of(what + " stays up: " + plural(waiting, "module") + " "
                            + String.join(", ", waiting) + " of this build still " + (waiting.size() == 1 ? "uses"
                                    : "use") + " it; ", lease.keep() ? Message.of("the build keeps it (",
                                            Setting.KEEP.named(), ").") : "the last of them tears it down."));
                }
            }
            case WAIT_FOR_BUILDS -> {
                String who = others.stream().map(ClusterLeases.Lease::describe)
                        .collect(Collectors.joining("; "));
                if (lease.teardown() && cluster != null) {
                    leases.requestTeardown(new ClusterLeases.TeardownRequest(cluster, pid, lease.command()));
                }
                if (cluster != null) {
                    log.info(prefix + what + " stays up: " + (others.size() == 1 ? "another build uses it ("
                            : others.size() + " other builds use it (") + who + "); the last build to finish"
                            + " tears it down.");
                }
            }
            case KEEP -> {
                if (cluster != null) {
                    log.info(Message.of(prefix + what + " is kept (", Setting.KEEP.named(), "): it stays up after"
                            + " the build, with the autostop ", Action.PROVISION.named(), " set. Tear it down when"
                                    + " done: ", tearDownHint(cluster)));
                }
                markHandled(lease, request);
            }
            case TEAR_DOWN -> {
                if (cluster == null) {
                    if (moment == Moment.DOWN_GOAL) {
                        log.info("Nothing to tear down: " + nameFile.path().getFileName() + " does not exist in "
                                + nameFile.path().getParent() + ".");
                    }
                    markHandled(lease, request);
                } else {
                    announce(moment, cluster, module, lease, request);
                    try {
                        teardown.tearDown(cluster);
                    } finally {
                        markHandled(lease, request); // once, even when it failed: the error says what to do
                    }
                }
            }
        }
        return outcome;
    }

    private void markHandled(ClusterLeases.Lease lease, Optional<ClusterLeases.TeardownRequest> request)
            throws IOException {
        if (request.isPresent()) {
            leases.clearTeardownRequest();
        }
        leases.write(lease.with(lease.users(), lease.finished(), lease.teardown(), lease.keep(), lease.cluster(),
                true));
    }

    private void announce(Moment moment, String cluster, String module, ClusterLeases.Lease lease,
            Optional<ClusterLeases.TeardownRequest> request) {
        String why = request.isPresent() && !lease.teardown()
                ? "another build (pid " + request.get().pid() + ") asked for it and this build is the last to use it"
                : switch (moment) {
                    case DOWN_GOAL -> lease.users().size() > 1 ? "this module is the last of the build to use it"
                            : null;
                    case MODULE_ENDED -> "every module of this build that uses it is done (the last, " + name(module)
                            + ", ended without running " + log.spelling().step(Action.DOWN) + ")";
                    case BUILD_ENDS -> "the build ends and no module uses it any more";
                    case INTERRUPTED -> null;
                };
        if (moment == Moment.INTERRUPTED) {
            log.warn("Build interrupted: tearing down cluster " + cluster + ".");
        } else if (why != null) {
            log.info("Tearing down cluster " + cluster + ": " + why + ".");
        }
    }

    /**
     * The cluster the name file names, or null when there is none. A file that holds no valid name fails
     * {@code remote:down}; when Maven ends a module or the build it counts as none: the goal that read it has
     * already failed saying so, and without a valid name there is nothing this rule could tear down.
     */
    private String namedCluster(Moment moment) throws BadInputException {
        try {
            return nameFile.readIfPresent().orElse(null);
        } catch (BadInputException e) {
            if (moment == Moment.DOWN_GOAL) {
                throw e;
            }
            return null;
        }
    }

    /** The command that tears the cluster down by hand. */
    public Message tearDownHint(String cluster) {
        return Message.of("sky down -y " + cluster + "   (or: ",
                Action.DOWN.runOnce(Setting.DEVICE.option(device.toString())), ")");
    }

    private static List<String> names(List<String> modules) {
        return modules.stream().map(SharedCluster::name).sorted().toList(); // users come from sets: a stable order
    }

    /** artifactId of groupId:artifactId. */
    private static String name(String module) {
        return module == null ? "" : module.substring(module.indexOf(':') + 1);
    }

    private static String plural(List<String> items, String word) {
        return items.size() == 1 ? word : word + "s";
    }
}
