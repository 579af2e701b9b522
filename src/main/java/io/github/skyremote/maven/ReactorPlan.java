package io.github.skyremote.maven;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.cluster.SharedCluster;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.lifecycle.DefaultLifecycles;
import org.apache.maven.lifecycle.Lifecycle;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Which modules of this build use the cluster of a name file, read from the reactor's effective POMs and the
 * command line, before they run: a module uses it when a goal of this plugin that works on a cluster (provision,
 * exec, pytest, down) is bound in a phase this build reaches, or named on the command line (then every module runs
 * it). When the device or name file of a use cannot be told from the POM (an expression, no device), the module
 * counts as a user of every cluster: that only delays a teardown until the module is done.
 */
final class ReactorPlan {
    static final Set<String> CLUSTER_GOALS = Set.of("provision", "exec", "pytest", "down");

    /** One planned goal execution in a module; {@code nameFile} null when it cannot be told. */
    record Use(String module, String goal, Path nameFile, boolean keep) {
    }

    private final List<Use> uses;
    private final Optional<Set<String>> phases;

    private ReactorPlan(List<Use> uses, Optional<Set<String>> phases) {
        this.uses = uses;
        this.phases = phases;
    }

    /** For -X: what the plan found. */
    @Override
    public String toString() {
        return "uses " + uses + ", phases reached " + phases.map(Object::toString).orElse("(any)");
    }

    List<Use> uses() {
        return uses;
    }

    /** The modules using {@code nameFile}, and whether the build tears it down or keeps it. */
    SharedCluster.Membership membership(Path nameFile, String command, Set<String> finished) {
        Set<String> users = new LinkedHashSet<>();
        boolean teardown = false;
        boolean keep = false;
        for (Use use : uses) {
            if (use.nameFile() != null && !use.nameFile().equals(nameFile)) {
                continue;
            }
            users.add(use.module());
            if (use.goal().equals("down")) {
                teardown = true;
                keep |= use.keep();
            }
        }
        Set<String> done = new HashSet<>(finished);
        done.retainAll(users);
        return new SharedCluster.Membership(command, users, done, teardown, keep);
    }

    /**
     * Reads the plan.
     *
     * @param plugin this plugin (its key, goal prefix and the goals' default phases)
     * @param projectRoot where the default name files live
     */
    static ReactorPlan of(MavenSession session, PluginDescriptor plugin, DefaultLifecycles lifecycles,
            Path projectRoot) {
        Properties user = session.getUserProperties();
        List<String> tasks = session.getGoals();
        Optional<Set<String>> phases = phasesReached(tasks, lifecycles);
        List<Use> uses = new ArrayList<>();
        for (MavenProject project : session.getProjects()) {
            String module = moduleId(project);
            Plugin declared = project.getBuild() == null ? null : project.getPlugin(plugin.getPluginLookupKey());
            for (String task : tasks) {
                Optional<String[]> goal = ourGoal(task, plugin, lifecycles);
                if (goal.isEmpty() || !CLUSTER_GOALS.contains(goal.get()[0])) {
                    continue;
                }
                Xpp3Dom config = declared == null ? null : configOf(declared, goal.get()[1]);
                use(uses, module, goal.get()[0], config, project, user, projectRoot);
            }
            if (declared == null) {
                continue;
            }
            for (PluginExecution execution : declared.getExecutions()) {
                for (String goal : execution.getGoals()) {
                    if (!CLUSTER_GOALS.contains(goal)) {
                        continue;
                    }
                    String phase = execution.getPhase();
                    if (phase == null) {
                        MojoDescriptor mojo = plugin.getMojo(goal);
                        phase = mojo == null ? null : mojo.getPhase();
                    }
                    if (phase == null || !reached(phase, phases, lifecycles)) {
                        continue;
                    }
                    Xpp3Dom config = merged((Xpp3Dom) execution.getConfiguration(),
                            (Xpp3Dom) declared.getConfiguration());
                    use(uses, module, goal, config, project, user, projectRoot);
                }
            }
        }
        return new ReactorPlan(uses, phases);
    }

    static String moduleId(MavenProject project) {
        return project.getGroupId() + ":" + project.getArtifactId();
    }

    private static void use(List<Use> uses, String module, String goal, Xpp3Dom config, MavenProject project,
            Properties user, Path projectRoot) {
        if (isTrue(user.getProperty(PropertyNames.SKIP)) || (!user.containsKey(PropertyNames.SKIP)
                && "true".equals(value(config, "skip")))) {
            return;
        }
        boolean keep = user.containsKey(PropertyNames.KEEP) ? isTrue(user.getProperty(PropertyNames.KEEP))
                : "true".equals(value(config, "keep"));
        uses.add(new Use(module, goal, nameFile(config, project, user, projectRoot), keep));
    }

    /** The name file a goal of this module would use, as AbstractRemoteMojo#nameFile finds it; null if unknown. */
    private static Path nameFile(Xpp3Dom config, MavenProject project, Properties user, Path projectRoot) {
        File base = project.getBasedir() != null ? project.getBasedir() : projectRoot.toFile();
        String file = user.containsKey(PropertyNames.CLUSTER_NAME_FILE)
                ? user.getProperty(PropertyNames.CLUSTER_NAME_FILE)
                : value(config, "clusterNameFile");
        if (file != null) {
            if (file.contains("${")) {
                return null;
            }
            File f = new File(file);
            return (f.isAbsolute() ? f : new File(base, file)).toPath().toAbsolutePath().normalize();
        }
        String device = user.containsKey(PropertyNames.DEVICE) ? user.getProperty(PropertyNames.DEVICE)
                : value(config, "device");
        if (device == null || device.contains("${")) {
            return null;
        }
        try {
            return projectRoot.resolve(Device.parse(device).nameFile()).toAbsolutePath().normalize();
        } catch (BadInputException e) {
            return null; // the goal itself reports the bad device
        }
    }

    /**
     * Whether the build reaches the phase. Maven 4 names {@code pre-X}/{@code post-X} {@code before:X}/{@code after:X}
     * (the old names are aliases), so both spellings are looked up; a phase no lifecycle lists counts as reached (it
     * cannot be told), except {@code none}, the usual way to switch an execution off.
     */
    private static boolean reached(String phase, Optional<Set<String>> phases, DefaultLifecycles lifecycles) {
        if (phase.equals("none")) {
            return false;
        }
        if (phases.isEmpty()) {
            return true;
        }
        List<String> spellings = List.of(phase, phase.replaceFirst("^pre-", "before:").replaceFirst("^post-", "after:"),
                phase.replaceFirst("^before:", "pre-").replaceFirst("^after:", "post-"));
        for (String spelling : spellings) {
            if (phases.get().contains(spelling)) {
                return true;
            }
        }
        boolean known = lifecycles != null && lifecycles.getLifeCycles().stream()
                .anyMatch(lifecycle -> spellings.stream().anyMatch(lifecycle.getPhases()::contains));
        return !known;
    }

    /**
     * The phases the build runs, from its lifecycle tasks; empty when a task names a phase no lifecycle knows (then
     * every bound execution counts).
     */
    private static Optional<Set<String>> phasesReached(List<String> tasks, DefaultLifecycles lifecycles) {
        Set<String> phases = new HashSet<>();
        for (String task : tasks) {
            Lifecycle lifecycle = lifecycles == null ? null : lifecycles.get(task);
            if (lifecycle == null) {
                if (!task.contains(":")) {
                    return Optional.empty();
                }
                continue; // a goal
            }
            for (String phase : lifecycle.getPhases()) {
                phases.add(phase);
                if (phase.equals(task)) {
                    break;
                }
            }
        }
        return Optional.of(phases);
    }

    /**
     * {@code [goal, executionId]} when the task names a goal of this plugin: {@code remote:down},
     * {@code groupId:artifactId[:version]:down}, each with an optional {@code @executionId}.
     */
    private static Optional<String[]> ourGoal(String task, PluginDescriptor plugin, DefaultLifecycles lifecycles) {
        if (!task.contains(":") || (lifecycles != null && lifecycles.get(task) != null)) {
            return Optional.empty();
        }
        String goal = task;
        String executionId = "default-cli";
        int at = goal.indexOf('@');
        if (at >= 0) {
            executionId = goal.substring(at + 1);
            goal = goal.substring(0, at);
        }
        String[] parts = goal.split(":");
        boolean ours = switch (parts.length) {
            case 2 -> parts[0].equals(plugin.getGoalPrefix());
            case 3, 4 -> parts[0].equals(plugin.getGroupId()) && parts[1].equals(plugin.getArtifactId());
            default -> false;
        };
        return ours ? Optional.of(new String[] {parts[parts.length - 1], executionId}) : Optional.empty();
    }

    /** The configuration of a goal typed on the command line: its execution's, else the plugin's. */
    private static Xpp3Dom configOf(Plugin plugin, String executionId) {
        PluginExecution execution = plugin.getExecutionsAsMap().get(executionId);
        return merged(execution == null ? null : (Xpp3Dom) execution.getConfiguration(),
                (Xpp3Dom) plugin.getConfiguration());
    }

    /** Execution settings win over plugin-level ones (Maven merges them so already; this covers both cases). */
    private static Xpp3Dom merged(Xpp3Dom execution, Xpp3Dom plugin) {
        if (execution == null) {
            return plugin;
        }
        if (plugin == null) {
            return execution;
        }
        return Xpp3Dom.mergeXpp3Dom(new Xpp3Dom(execution), new Xpp3Dom(plugin));
    }

    private static String value(Xpp3Dom config, String name) {
        Xpp3Dom child = config == null ? null : config.getChild(name);
        return child == null || child.getValue() == null ? null : child.getValue().trim();
    }

    private static boolean isTrue(String value) {
        return value != null && (value.isBlank() || value.trim().equalsIgnoreCase("true"));
    }
}
