package io.github.skyremote.core.cluster;

import io.github.skyremote.core.Action;
import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.Spelling;
import io.github.skyremote.core.process.Deadline;
import io.github.skyremote.core.process.Outcome;
import io.github.skyremote.core.process.OutputMode;
import io.github.skyremote.core.sky.ClusterStatus;
import io.github.skyremote.core.sky.SkyCommand;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyExitCodes;
import io.github.skyremote.core.sky.SkyRunResult;
import io.github.skyremote.core.sky.SkyRunSettings;
import io.github.skyremote.core.sky.SkyRunner;
import io.github.skyremote.core.cluster.SafetyNet.Origin;
import static io.github.skyremote.core.cluster.ClusterCommands.stopped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Creates, reuses and removes clusters, safe with money. Parallel builds launch one cluster: everything happens under
 * the name file's lock, where {@link ProvisionPlan} decides between reuse, start and launch. A launch that fails is
 * torn down and checked gone with {@code sky status} ({@code sky down} exits 0 even when the teardown failed); one
 * stopped by the timeout or an interrupt is torn down by the runner's clean-up. The {@code sky status} reads and the
 * checked clean-ups are {@code ClusterCommands}; the safety-net rule below is {@code SafetyNet}.
 *
 * <p>The rule once {@code sky launch} exits 0, when the cluster bills: it is recorded at once (the name file is written
 * atomically), then its safety net (autostop after the idle minutes, and autodown unless turned off) is confirmed with
 * {@code sky status}, set again with {@code sky autostop} when missing, and confirmed once more. When it cannot be
 * confirmed (status unreadable, failing, timed out or not listing the cluster; autostop failing or not taking), the
 * cluster is torn down, checked gone and the name file deleted; when that teardown cannot be confirmed, the name file
 * is kept so that {@code remote:down} can finish it. An interrupt (Ctrl+C, SIGTERM) during any of these steps runs
 * {@code sky down} from the runner's shutdown hook and keeps the name file: nothing more can be started while the JVM
 * shuts down. A cluster this build started (it was STOPPED) gets the same checks and is stopped again instead; one
 * that was already UP gets the same checks without an extra {@code sky status} and is left UP when its safety net
 * cannot be set (others may be using it), with the command that sets it.
 *
 * <p>Every {@code sky} command gets what is left of the goal's {@link Deadline}; the clean-up commands have their own
 * bound ({@code ClusterCommands.CLEANUP_TIMEOUT_SECONDS}, 120 s each), so they still run when the budget is spent.
 */
public final class ClusterLifecycle {
    private final SkyRunner runner;
    private final SkyCommandBuilder sky;
    private final SkyRunSettings settings;
    private final Deadline deadline;
    private final SkyLog log;
    private final ClusterCommands commands;
    private final SafetyNet safetyNet;

    /**
     * A lifecycle whose budget is the settings' timeout, counted from now.
     *
     * @param settings display and log file for the commands shown to the user
     */
    public ClusterLifecycle(SkyRunner runner, SkyCommandBuilder sky, SkyRunSettings settings, SkyLog log) {
        this(runner, sky, settings, Deadline.startingNow(settings.timeoutSeconds()), log);
    }

    /**
     * @param settings display and log file for the commands shown to the user
     * @param deadline the goal's budget: each command gets what is left of it
     */
    public ClusterLifecycle(SkyRunner runner, SkyCommandBuilder sky, SkyRunSettings settings, Deadline deadline,
            SkyLog log) {
        this.runner = runner;
        this.sky = sky;
        this.settings = settings;
        this.deadline = deadline;
        this.log = log;
        this.commands = new ClusterCommands(runner, sky, settings, log);
        this.safetyNet = new SafetyNet(runner, sky, settings, deadline, log, commands);
    }

    /** What to provision. */
    public record ProvisionRequest(Device device, Accelerator accelerator, String experiment, String explicitName,
            ClusterNameFile nameFile, SkyCommandBuilder.LaunchOptions launch, TaskYaml.Spec task,
            SkyCommandBuilder.JobEnvironment environment, Path renderDirectory) {
    }

    /** The cluster provisioned, and whether it was launched now. */
    public record Provisioned(String name, boolean launched) {
    }

    /**
     * Plans under the name file's lock ({@link ProvisionPlan}: the name file may have changed since any earlier look),
     * asks {@code sky status} about the cluster already named, and carries out the step the plan decides.
     */
    public Provisioned provision(ProvisionRequest request, RandomGenerator random)
            throws RemoteException, IOException {
        ClusterNameFile file = request.nameFile();
        return file.withLock(() -> {
            ProvisionPlan plan = ProvisionPlan.make(request, sky, random);
            Optional<ClusterStatus> status = plan.known().isPresent() ? status(plan.known().get()) : Optional.empty();
            ProvisionPlan.Step step = plan.decide(status);
            if (step instanceof ProvisionPlan.Reuse reuse) {
                ClusterRef ref = reuse.cluster();
                log.info(Message.of("Reusing cluster " + ref.name() + " (from ", ref.source(), "): it is "
                        + status.get().status() + "."));
                writeNameFile(file, ref.name());
                safetyNet.secure(ref, reuse.autostop(), request.launch(), status.get(), Origin.REUSED, file);
                return new Provisioned(ref.name(), false);
            }
            if (step instanceof ProvisionPlan.Start start) {
                ClusterRef ref = start.cluster();
                log.info("Cluster " + ref.name() + " is " + status.get().status() + "; starting it.");
                start(ref, start.start());
                writeNameFile(file, ref.name());
                safetyNet.secure(ref, start.autostop(), request.launch(), null, Origin.STARTED, file);
                return new Provisioned(ref.name(), false);
            }
            return launch((ProvisionPlan.Launch) step, request, file);
        });
    }

    private Provisioned launch(ProvisionPlan.Launch step, ProvisionRequest request, ClusterNameFile file)
            throws SkyFailedException, IOException {
        step.replacing().ifPresent(gone -> log.info(Message.of("Cluster " + gone.name() + " (from ", gone.source(),
                ") no longer exists: it was torn down after its idle minutes (autodown), preempted, or removed by"
                        + " hand. Launching a new one.")));
        ClusterRef ref = step.cluster();
        String name = ref.name();
        Files.createDirectories(step.taskFile().getParent());
        Files.writeString(step.taskFile(), step.taskYaml(), StandardCharsets.UTF_8);
        log.info("Launching " + name + " (" + request.accelerator() + ", autostop " + ProvisionPlan.safetyNet(request)
                + "); task: " + step.taskFile());
        SkyRunResult result = runner.run(step.launch(), safetyNet.guarded(Origin.LAUNCHED, name));
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            throw new SkyFailedException(Message.of("Launching " + name + " ", stopped(result, deadline), ": "
                    + result.cleanup() + ". No name file was written."),
                    Message.of("Check nothing is left: sky status " + name));
        }
        if (exited.code() != 0) {
            Message fix = result.tailContains("ResourcesUnavailableError")
                    ? Message.of("No cloud had these resources: try another ", Setting.ACCELERATOR.option(), " or ",
                            Setting.INFRA.option(), ", or wait for capacity with ", Setting.RETRY_UNTIL_UP.option(),
                            ". See what exists: sky gpus list")
                    : SkyExitCodes.clientFailure("launch", result, ref).fix();
            // --down does not apply when provisioning or setup fails: remove what may have been created, and check
            // it is gone, as sky down exits 0 even when the teardown failed.
            Optional<String> problem = commands.tearDownAndCheck(ref, null);
            String reason = result.lastErrorLine();
            String failed = "Launching " + name + " failed: " + reason + (reason.endsWith(".") ? "" : ".")
                    + " No name file was written; ";
            if (problem.isEmpty()) {
                throw new SkyFailedException(Message.of(failed + "ran `sky down -y " + name + "` and sky status no"
                        + " longer lists it."), fix);
            }
            throw new SkyFailedException(Message.of(failed + "tearing down what it may have created failed too: "
                    + problem.get() + ". It may be billing."), Message.of(fix, "\nCheck: sky status " + name
                            + "\nTear it down: sky down -y " + name));
        }
        // From here the cluster bills: record it at once, then confirm its safety net or tear it down.
        try {
            writeNameFile(file, name);
        } catch (IOException e) {
            Optional<String> problem = commands.tearDownAndCheck(ref, null);
            throw new SkyFailedException("Cluster " + name + " was launched, but " + file.path()
                    + " could not be written (" + e.getMessage() + ")" + (problem.isEmpty()
                            ? ", so it was torn down (sky down -y " + name + ")."
                            : "; tearing it down failed too: " + problem.get() + ". Nothing records it."),
                    "Check: sky status " + name + (problem.isEmpty() ? "" : "\nTear it down: sky down -y " + name)
                            + "\nThen check the permissions of " + file.path().getParent() + ".", e);
        }
        safetyNet.secure(ref, step.autostop(), request.launch(), null, Origin.LAUNCHED, file);
        log.info("Cluster " + name + " is UP; its name is in " + file.path() + ".");
        return new Provisioned(name, true);
    }

    private void start(ClusterRef ref, SkyCommand start) throws SkyFailedException {
        SkyRunResult result = runner.run(start, safetyNet.guarded(Origin.STARTED, ref.name()));
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            throw new SkyFailedException(Message.of("Starting " + ref.name() + " ", stopped(result, deadline), ": "
                    + result.cleanup() + "."), Message.of("Check it: sky status " + ref.name()));
        }
        if (exited.code() != 0) {
            throw SkyExitCodes.clientFailure("start", result, ref);
        }
    }

    /** The cluster's record, or empty when sky does not list it. JSON where the CLI supports it. */
    public Optional<ClusterStatus> status(ClusterRef ref) throws SkyFailedException {
        try {
            return commands.readStatus(ref, () -> limited());
        } catch (ClusterCommands.Stopped e) {
            throw new SkyFailedException(Message.of(e.command + " ", stopped(e.result, deadline), "."),
                    Message.of("Check it by hand: sky status " + ref.name()));
        }
    }

    /**
     * {@code sky down -y <name>}, then {@code sky status} to see that it is really gone, then the name file is deleted
     * (when it still names this cluster).
     */
    public void down(ClusterRef ref, ClusterNameFile file, boolean purge) throws SkyFailedException,
            IOException, BadInputException {
        SkyRunResult result = runner.run(sky.down(ref.name(), purge), limited());
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            throw new SkyFailedException(Message.of("Tearing down " + ref.name() + " was stopped before it finished."),
                    Message.of("Run it again: ", SafetyNet.downCommand(ref), "   or: sky down -y " + ref.name()));
        }
        if (exited.code() != 0) {
            throw SkyExitCodes.clientFailure("down", result, ref);
        }
        Optional<ClusterStatus> still = status(ref);
        if (still.isPresent()) {
            throw new SkyFailedException(Message.of("Cluster " + ref.name() + " is still listed after sky down"
                    + " (status: " + still.get().status() + "): its teardown failed. " + file.path().getFileName()
                    + " was kept."), Message.of("Read sky's reason above, then retry, or drop the record even though"
                            + " the cloud teardown failed:\n  ", Action.DOWN.run(Setting.DEVICE.option(
                                    ref.device().toString()), Setting.PURGE.option()),
                            "   (sky down --purge; check the cloud console for leftovers)"));
        }
        if (file.deleteIfItNames(ref.name())) {
            log.info("Cluster " + ref.name() + " is gone; removed " + file.path() + ".");
        } else {
            log.info("Cluster " + ref.name() + " is gone.");
        }
    }

    private static void writeNameFile(ClusterNameFile file, String name) throws IOException {
        Optional<String> current;
        try {
            current = file.readIfPresent();
        } catch (BadInputException e) {
            current = Optional.empty();
        }
        if (current.isEmpty() || !current.get().equals(name)) {
            file.write(name);
        }
    }

    /** The run settings with what is left of the goal's budget as the timeout. */
    private SkyRunSettings limited() {
        return settings.toBuilder().timeoutSeconds(deadline.secondsForNextCommand()).build();
    }
}
