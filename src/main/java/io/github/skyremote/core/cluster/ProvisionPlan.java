package io.github.skyremote.core.cluster;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.sky.ClusterStatus;
import io.github.skyremote.core.sky.SkyCommand;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import java.nio.file.Path;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What {@code provision} will do, decided in one place for the real run ({@link ClusterLifecycle}, which makes the plan
 * under the name file's lock and carries it out) and for the dry run (which prints it and starts nothing). A cluster
 * already named ({@code cluster} parameter, else the name file) is looked up with {@code sky status}: UP it is reused,
 * STOPPED (or INIT) it is started, gone it is replaced by a new launch. Each step carries the {@code sky} commands it
 * runs and the autostop it ensures afterwards. Bad input (no accelerator when a launch may be needed, a broken task
 * file) fails when the plan is made, before any process starts.
 */
public final class ProvisionPlan {
    /** What happens to the cluster, with the {@code sky autostop} that sets its safety net when it is missing. */
    public sealed interface Step permits Reuse, Start, Launch {
        ClusterRef cluster();

        SkyCommand autostop();
    }

    /** The cluster is UP: used as it is; its safety net is checked from the status just read. */
    public record Reuse(ClusterRef cluster, SkyCommand autostop) implements Step {
    }

    /** The cluster exists but is not UP: {@code sky start}, then its safety net is checked. */
    public record Start(ClusterRef cluster, SkyCommand start, SkyCommand autostop) implements Step {
    }

    /**
     * A new cluster: the task YAML written to {@code taskFile}, {@code sky launch}, the name file written, then its
     * safety net checked.
     *
     * @param replacing the cluster that was named but no longer exists, when there was one
     */
    public record Launch(ClusterRef cluster, SkyCommand launch, Path taskFile, String taskYaml, SkyCommand autostop,
            Optional<ClusterRef> replacing) implements Step {
    }

    /** Receives a plan told as a dry run: lines to say, the commands that would run, and the task YAML. */
    public interface Narrator {
        void say(Message line);

        void wouldRun(SkyCommand command);

        /** Text shown as it is, line by line (the task YAML). */
        void show(String text);
    }

    private final ClusterLifecycle.ProvisionRequest request;
    private final SkyCommandBuilder sky;
    private final Optional<ClusterRef> known;
    private final Launch launch;
    private final BadInputException cannotLaunch;

    private ProvisionPlan(ClusterLifecycle.ProvisionRequest request, SkyCommandBuilder sky, Optional<ClusterRef> known,
            Launch launch, BadInputException cannotLaunch) {
        this.request = request;
        this.sky = sky;
        this.known = known;
        this.launch = launch;
        this.cannotLaunch = cannotLaunch;
    }

    /**
     * Plans from the request and the name file as it is now (read it under the file's lock when the plan is to be
     * carried out). Starts no process.
     *
     * @param random draws the number in a new cluster's name
     * @throws BadInputException no accelerator and no cluster named, a broken name file or task file
     */
    public static ProvisionPlan make(ClusterLifecycle.ProvisionRequest request, SkyCommandBuilder sky,
            RandomGenerator random) throws BadInputException {
        ClusterNameFile file = request.nameFile();
        Optional<ClusterRef> known = request.explicitName() != null
                ? Optional.of(ClusterRef.named(request.explicitName(), request.device()))
                : file.readIfPresent().map(name -> new ClusterRef(name, file.path().getFileName().toString(),
                        request.device()));
        if (request.accelerator() == null) {
            Message fix = Message.of("Set ", Setting.ACCELERATOR.option(request.device().exampleAccelerator()),
                    " (NAME or NAME:COUNT; see sky gpus list).");
            if (known.isEmpty()) {
                throw new BadInputException(Message.of("No accelerator given, and " + file.path().getFileName()
                        + " names no cluster to reuse."), fix);
            }
            return new ProvisionPlan(request, sky, known, null, new BadInputException(Message.of("No accelerator"
                    + " given for the new " + request.device() + " cluster" + (request.explicitName() == null ? ""
                            : " " + request.explicitName()) + "."), fix));
        }
        // Rendered now, so that a broken task file fails before any process starts.
        String yaml = TaskYaml.render(request.task());
        String name = request.explicitName() != null ? request.explicitName()
                : ClusterNames.newName(request.device(), request.accelerator(), request.experiment(), random);
        Path taskFile = request.renderDirectory().resolve(name + ".sky.yaml");
        ClusterRef cluster = new ClusterRef(name, "this launch", request.device());
        Optional<ClusterRef> replacing = request.explicitName() == null ? known : Optional.empty();
        Launch launch = new Launch(cluster, sky.launch(taskFile, name, request.launch(), request.environment()),
                taskFile, yaml, autostop(sky, name, request), replacing);
        return new ProvisionPlan(request, sky, known, launch, null);
    }

    /** The cluster already named, which {@code sky status} decides about; empty when a new one is launched. */
    public Optional<ClusterRef> known() {
        return known;
    }

    /** The step for the known cluster's status (empty: {@code sky status} does not list it), or the launch. */
    public Step decide(Optional<ClusterStatus> status) throws BadInputException {
        if (known.isPresent() && status.isPresent()) {
            ClusterRef cluster = known.get();
            SkyCommand autostop = autostop(sky, cluster.name(), request);
            return status.get().isUp() ? new Reuse(cluster, autostop)
                    : new Start(cluster, sky.start(cluster.name(), request.launch()), autostop);
        }
        if (launch == null) {
            throw cannotLaunch;
        }
        return launch;
    }

    /** Tells what would happen, in the order it would happen, with every command that could run. */
    public void describe(Narrator out) {
        String net = "its autostop (" + safetyNet(request) + ") is checked with sky status and set when missing:";
        if (known.isPresent()) {
            ClusterRef cluster = known.get();
            out.say(Message.of(cluster.name() + " (from ", cluster.source(), ") is looked up:"));
            out.wouldRun(sky.status(cluster.name(), true, true));
            out.say(Message.of("When UP it is reused; " + net));
            out.wouldRun(autostop(sky, cluster.name(), request));
            out.say(Message.of("When STOPPED it is started, then its autostop is checked the same way:"));
            out.wouldRun(sky.start(cluster.name(), request.launch()));
            out.say(launch == null ? Message.of("When gone: ", cannotLaunch.message(), " ", cannotLaunch.fix())
                    : Message.of(launch.replacing().isPresent() ? "When gone it is replaced by a new cluster, "
                            + launch.cluster().name() + ":" : "When gone it is launched:"));
        } else {
            out.say(Message.of("Nothing names a cluster to reuse (" + request.nameFile().path().getFileName()
                    + " does not exist): a new one is launched, " + launch.cluster().name() + ":"));
        }
        if (launch != null) {
            out.wouldRun(launch.launch());
            out.say(Message.of("task YAML " + launch.taskFile() + " would be:"));
            out.show(launch.taskYaml());
            out.say(Message.of("Once launched, " + request.nameFile().path().getFileName() + " names it, and " + net));
            out.wouldRun(launch.autostop());
        }
    }

    /** "after 30 idle minutes, then torn down", for messages. */
    static String safetyNet(ClusterLifecycle.ProvisionRequest request) {
        return "after " + request.launch().idleMinutes() + " idle minutes" + (request.launch().autodown()
                ? ", then torn down" : ", then stopped");
    }

    private static SkyCommand autostop(SkyCommandBuilder sky, String name, ClusterLifecycle.ProvisionRequest request) {
        return sky.autostop(name, request.launch().idleMinutes(), request.launch().autodown());
    }
}
