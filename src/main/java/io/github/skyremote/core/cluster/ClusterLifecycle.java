package io.github.skyremote.core.cluster;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.SkyLog;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Creates, reuses and removes clusters, safe with money. Parallel builds launch one cluster: everything happens under
 * the name file's lock. A launch that fails or is interrupted is torn down, and {@code sky down} is verified with
 * {@code sky status} because it exits 0 even when teardown failed.
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
 * bound ({@value #CLEANUP_TIMEOUT_SECONDS} s each), so they still run when the budget is spent.
 */
public final class ClusterLifecycle {
    /** Bound on each clean-up command ({@code sky down}, {@code sky stop}, the {@code sky status} that checks it). */
    static final long CLEANUP_TIMEOUT_SECONDS = 120;

    private final SkyRunner runner;
    private final SkyCommandBuilder sky;
    private final SkyRunSettings settings;
    private final Deadline deadline;
    private final SkyLog log;

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
    }

    /** What to provision. */
    public record ProvisionRequest(Device device, Accelerator accelerator, String experiment, String explicitName,
            ClusterNameFile nameFile, SkyCommandBuilder.LaunchOptions launch, TaskYaml.Spec task,
            SkyCommandBuilder.JobEnvironment environment, Path renderDirectory) {
    }

    /** The cluster provisioned, and whether it was launched now. */
    public record Provisioned(String name, boolean launched) {
    }

    /** How the cluster came to be UP in this build, which decides what happens when its safety net is not there. */
    private enum Origin {
        LAUNCHED, STARTED, REUSED
    }

    public Provisioned provision(ProvisionRequest request, RandomGenerator random)
            throws RemoteException, IOException {
        ClusterNameFile file = request.nameFile();
        return file.withLock(() -> {
            Optional<String> known = request.explicitName() != null
                    ? Optional.of(request.explicitName()) : file.readIfPresent();
            if (known.isPresent()) {
                String name = known.get();
                ClusterRef ref = new ClusterRef(name, source(request, file), request.device());
                Optional<ClusterStatus> status = status(ref);
                if (status.isPresent() && status.get().isUp()) {
                    log.info("Reusing cluster " + name + " (from " + ref.source() + "): it is "
                            + status.get().status() + ".");
                    writeNameFile(file, name);
                    secure(ref, request.launch(), status.get(), Origin.REUSED, file);
                    return new Provisioned(name, false);
                }
                if (status.isPresent()) {
                    log.info("Cluster " + name + " is " + status.get().status() + "; starting it.");
                    start(ref, request.launch());
                    writeNameFile(file, name);
                    secure(ref, request.launch(), null, Origin.STARTED, file);
                    return new Provisioned(name, false);
                }
                if (request.explicitName() == null) {
                    log.info("Cluster " + name + " (from " + ref.source() + ") no longer exists: it was torn down"
                            + " after its idle minutes (autodown), preempted, or removed by hand. Launching a new one.");
                } else {
                    return launch(request, name, file, random);
                }
            }
            return launch(request, null, file, random);
        });
    }

    /** @param given the cluster's name, or null for a new name */
    private Provisioned launch(ProvisionRequest request, String given, ClusterNameFile file, RandomGenerator random)
            throws SkyFailedException, BadInputException, IOException {
        if (request.accelerator() == null) {
            throw new BadInputException("No accelerator given for the new " + request.device() + " cluster"
                    + (given == null ? "" : " " + given) + ".", "Set -Daccelerator="
                            + request.device().exampleAccelerator() + " (NAME or NAME:COUNT; see sky gpus list).");
        }
        String name = given != null ? given
                : ClusterNames.newName(request.device(), request.accelerator(), request.experiment(), random);
        Path yaml = writeTask(request, name);
        ClusterRef ref = new ClusterRef(name, "this launch", request.device());
        SkyCommand launch = sky.launch(yaml, name, request.launch(), request.environment());
        log.info("Launching " + name + " (" + request.accelerator() + ", autostop after "
                + request.launch().idleMinutes() + " idle minutes" + (request.launch().autodown() ? ", then torn down"
                        : ", then stopped") + "); task: " + yaml);
        SkyRunResult result = runner.run(launch, guarded(Origin.LAUNCHED, name));
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            throw new SkyFailedException("Launching " + name + " " + stopped(result, deadline) + ": "
                    + result.cleanup() + ". No name file was written.",
                    "Check nothing is left: sky status " + name);
        }
        if (exited.code() != 0) {
            String fix = result.tailContains("ResourcesUnavailableError")
                    ? "No cloud had these resources: try another -Daccelerator or -Dremote.infra, or wait for"
                            + " capacity with -Dremote.retryUntilUp. See what exists: sky gpus list"
                    : SkyExitCodes.clientFailure("launch", result, ref).fix();
            // --down does not apply when provisioning or setup fails: remove what may have been created.
            String cleanup = tearDownQuietly(name);
            String reason = result.lastErrorLine();
            throw new SkyFailedException("Launching " + name + " failed: " + reason + (reason.endsWith(".") ? "" : ".")
                    + " No name file was written; " + cleanup + ".", fix);
        }
        // From here the cluster bills: record it at once, then confirm its safety net or tear it down.
        try {
            writeNameFile(file, name);
        } catch (IOException e) {
            Optional<String> problem = tearDownAndCheck(ref, null);
            throw new SkyFailedException("Cluster " + name + " was launched, but " + file.path()
                    + " could not be written (" + e.getMessage() + ")" + (problem.isEmpty()
                            ? ", so it was torn down (sky down -y " + name + ")."
                            : "; tearing it down failed too: " + problem.get() + ". Nothing records it."),
                    "Check: sky status " + name + (problem.isEmpty() ? "" : "\nTear it down: sky down -y " + name)
                            + "\nThen check the permissions of " + file.path().getParent() + ".", e);
        }
        secure(ref, request.launch(), null, Origin.LAUNCHED, file);
        log.info("Cluster " + name + " is UP; its name is in " + file.path() + ".");
        return new Provisioned(name, true);
    }

    /** Confirms (and if need be sets) the safety net; what happens when that fails depends on the origin. */
    private void secure(ClusterRef ref, SkyCommandBuilder.LaunchOptions options, ClusterStatus known, Origin origin,
            ClusterNameFile file) throws SkyFailedException {
        try {
            ensureSafetyNet(ref, options, known, origin);
        } catch (Unguarded e) {
            throw switch (origin) {
                case LAUNCHED -> unguardedLaunch(ref, file, e);
                case STARTED -> unguardedStart(ref, e);
                case REUSED -> unguardedReuse(ref, options, e);
            };
        }
    }

    /**
     * Checks that the cluster carries autostop (and autodown when asked for); sets it with {@code sky autostop} when it
     * does not, and checks again, because {@code sky autostop} exits 0 when it skips a cluster.
     *
     * @param known the record read just before (a cluster found UP), or null to read it now
     */
    private void ensureSafetyNet(ClusterRef ref, SkyCommandBuilder.LaunchOptions options, ClusterStatus known,
            Origin origin) throws Unguarded {
        ClusterStatus record = known != null ? known : listed(ref, origin);
        if (hasSafetyNet(record, options)) {
            return;
        }
        if (!record.autostopKnown() && origin == Origin.REUSED) {
            return; // an old CLI's table does not show autostop; a cluster that was UP keeps its own settings
        }
        SkyCommand autostop = sky.autostop(ref.name(), options.idleMinutes(), options.autodown());
        if (record.autostopKnown()) {
            log.warn("Cluster " + ref.name() + " has " + describeSafetyNet(record) + "; setting it: "
                    + autostop.display());
        } else {
            log.info("This sky's status table does not show autostop: setting " + ref.name() + "'s again to be"
                    + " sure: " + autostop.display());
        }
        SkyRunResult result;
        try {
            result = runner.run(autostop, guarded(origin, ref.name()));
        } catch (SkyFailedException e) {
            throw new Unguarded(e.getMessage());
        }
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            throw Unguarded.stopped("sky autostop", result, deadline);
        }
        if (exited.code() != 0) {
            throw new Unguarded(SkyExitCodes.clientFailure("autostop", result, ref).getMessage());
        }
        if (!record.autostopKnown()) {
            return; // nothing to check it with: sky autostop's exit code is all there is
        }
        ClusterStatus after = listed(ref, origin);
        if (!hasSafetyNet(after, options)) {
            String said = result.lastErrorLine();
            throw new Unguarded("sky autostop exited 0, but sky status still shows " + describeSafetyNet(after)
                    + (said.isEmpty() ? "" : " (sky autostop said: " + said + ")"));
        }
    }

    private static boolean hasSafetyNet(ClusterStatus record, SkyCommandBuilder.LaunchOptions options) {
        return record.autostopKnown() && record.autostopMinutes() >= 0 && (!options.autodown() || record.toDown());
    }

    private static String describeSafetyNet(ClusterStatus record) {
        return record.autostopMinutes() < 0 ? "no autostop"
                : "autostop after " + record.autostopMinutes() + " minutes but no autodown";
    }

    /** The cluster's record for the safety-net check; anything but a readable record is a failure to confirm. */
    private ClusterStatus listed(ClusterRef ref, Origin origin) throws Unguarded {
        try {
            return readStatus(ref, () -> guarded(origin, ref.name()))
                    .orElseThrow(() -> new Unguarded("sky status does not list it"));
        } catch (Stopped e) {
            throw Unguarded.stopped(e.command, e.result, deadline);
        } catch (SkyFailedException e) {
            throw new Unguarded(e.getMessage());
        }
    }

    /**
     * Settings for a command run while the cluster may be unguarded: what is left of the budget, and the clean-up
     * that the runner runs on a timeout or interrupt (from its shutdown hook on Ctrl+C/SIGTERM).
     */
    private SkyRunSettings guarded(Origin origin, String name) {
        SkyRunSettings.Builder limited = limited().toBuilder();
        return switch (origin) {
            case LAUNCHED -> limited.cleanup(p -> Optional.of(sky.down(name, false))).build();
            case STARTED -> limited.cleanup(p -> Optional.of(sky.stop(name))).build();
            case REUSED -> limited.noCleanup().build();
        };
    }

    /** The settings with the timeout set to what is left of the goal's budget. */
    private SkyRunSettings limited() {
        return settings.toBuilder().timeoutSeconds(deadline.secondsForNextCommand()).build();
    }

    private SkyFailedException unguardedLaunch(ClusterRef ref, ClusterNameFile file, Unguarded e) {
        String name = ref.name();
        String unconfirmed = "Cluster " + name + " was launched, but its autostop/autodown could not be confirmed: "
                + e.getMessage();
        String check = "Check: sky status " + name;
        String remove = "mvn remote:down -Ddevice=" + ref.device() + "   (or: sky down -y " + name + ")";
        if (e.interrupted) {
            return new SkyFailedException(unconfirmed + "; " + e.cleanup + ". " + file.path().getFileName()
                    + " still names it.", check + "\nIf it is still listed, tear it down: " + remove);
        }
        log.warn(unconfirmed + ". Tearing it down so that it does not bill unguarded.");
        Optional<String> problem = tearDownAndCheck(ref, file);
        if (problem.isEmpty()) {
            return new SkyFailedException(unconfirmed + ". It was torn down (sky down -y " + name
                    + ") and no name file was kept.", check + "\n" + retryHint(e));
        }
        return new SkyFailedException(unconfirmed + ". Tearing it down failed too: " + problem.get() + ". "
                + file.path().getFileName() + " still names it, so that remote:down can finish the teardown.",
                check + "\nTear it down: " + remove);
    }

    private SkyFailedException unguardedStart(ClusterRef ref, Unguarded e) {
        String name = ref.name();
        String unconfirmed = "Cluster " + name + " was started, but its autostop/autodown could not be confirmed: "
                + e.getMessage();
        String check = "Check: sky status " + name;
        String remove = "sky stop -y " + name + "   or tear it down: mvn remote:down -Ddevice=" + ref.device();
        if (e.interrupted) {
            return new SkyFailedException(unconfirmed + "; " + e.cleanup + ".", check + "\nIf it is UP: " + remove);
        }
        log.warn(unconfirmed + ". Stopping it again so that it does not bill unguarded.");
        Optional<String> problem = stopAndCheck(ref);
        if (problem.isEmpty()) {
            return new SkyFailedException(unconfirmed + ". It was stopped again (sky stop -y " + name + ").",
                    check + "\n" + retryHint(e));
        }
        return new SkyFailedException(unconfirmed + ". Stopping it failed too: " + problem.get()
                + ". It may be UP and billing.", check + "\nStop it: " + remove);
    }

    private SkyFailedException unguardedReuse(ClusterRef ref, SkyCommandBuilder.LaunchOptions options,
            Unguarded e) {
        String name = ref.name();
        return new SkyFailedException("Cluster " + name + " (from " + ref.source() + ") is UP without its"
                + " autostop/autodown, and setting it failed: " + e.getMessage() + ". It was left UP: it was running"
                + " before this build.",
                "Check: sky status " + name + "\nSet it: "
                        + sky.autostop(name, options.idleMinutes(), options.autodown()).display()
                        + "\nor tear it down: mvn remote:down -Ddevice=" + ref.device());
    }

    private String retryHint(Unguarded e) {
        return e.timedOut ? "Give the goal more time (-Dremote.timeout is a budget for the whole goal), then"
                + " provision again." : "Read sky's messages above, then provision again.";
    }

    private void start(ClusterRef ref, SkyCommandBuilder.LaunchOptions options) throws SkyFailedException {
        SkyRunResult result = runner.run(sky.start(ref.name(), options), guarded(Origin.STARTED, ref.name()));
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            throw new SkyFailedException("Starting " + ref.name() + " " + stopped(result, deadline) + ": "
                    + result.cleanup() + ".", "Check it: sky status " + ref.name());
        }
        if (exited.code() != 0) {
            throw SkyExitCodes.clientFailure("start", result, ref);
        }
    }

    /** The cluster's record, or empty when sky does not list it. JSON where the CLI supports it. */
    public Optional<ClusterStatus> status(ClusterRef ref) throws SkyFailedException {
        try {
            return readStatus(ref, this::limited);
        } catch (Stopped e) {
            throw new SkyFailedException(e.command + " " + stopped(e.result, deadline) + ".",
                    "Check it by hand: sky status " + ref.name());
        }
    }

    /** @param runSettings settings for each command, made when it starts (the budget shrinks meanwhile) */
    private Optional<ClusterStatus> readStatus(ClusterRef ref, Supplier<SkyRunSettings> runSettings)
            throws Stopped, SkyFailedException {
        SkyRunResult json = runner.run(sky.status(ref.name(), true, true), captured(runSettings.get()));
        int jsonExit = Stopped.check("sky status " + ref.name(), json);
        if (jsonExit == 0) {
            try {
                return ClusterStatus.fromJson(json.output(), ref.name());
            } catch (IOException e) {
                throw new SkyFailedException("Cannot read the output of sky status -o json " + ref.name() + ": "
                        + e.getMessage(), "Run `sky status -o json " + ref.name() + "` by hand to see what it prints.");
            }
        }
        if (jsonExit == 2) {
            // An older CLI without -o: read its table.
            SkyRunResult table = runner.run(sky.status(ref.name(), false, true), captured(runSettings.get()));
            if (Stopped.check("sky status " + ref.name(), table) == 0) {
                return ClusterStatus.fromTable(table.output(), ref.name());
            }
            throw SkyExitCodes.clientFailure("status", table, ref);
        }
        throw SkyExitCodes.clientFailure("status", json, ref);
    }

    /** Output kept to parse, shown at debug level only, and out of the log file. */
    private static SkyRunSettings captured(SkyRunSettings runSettings) {
        return runSettings.toBuilder().logFile(null).output(OutputMode.CAPTURED).build();
    }

    /**
     * {@code sky down -y <name>}, then {@code sky status} to see that it is really gone, then the name file is deleted
     * (when it still names this cluster).
     */
    public void down(ClusterRef ref, ClusterNameFile file, boolean purge) throws SkyFailedException,
            IOException, BadInputException {
        SkyRunResult result = runner.run(sky.down(ref.name(), purge), limited());
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            throw new SkyFailedException("Tearing down " + ref.name() + " was stopped before it finished.",
                    "Run it again: mvn remote:down -Ddevice=" + ref.device() + "   or: sky down -y " + ref.name());
        }
        if (exited.code() != 0) {
            throw SkyExitCodes.clientFailure("down", result, ref);
        }
        Optional<ClusterStatus> still = status(ref);
        if (still.isPresent()) {
            throw new SkyFailedException("Cluster " + ref.name() + " is still listed after sky down (status: "
                    + still.get().status() + "): its teardown failed. " + file.path().getFileName()
                    + " was kept.", "Read sky's reason above, then retry, or drop the record even though the cloud"
                            + " teardown failed:\n  mvn remote:down -Ddevice=" + ref.device() + " -Dremote.purge"
                            + "   (sky down --purge; check the cloud console for leftovers)");
        }
        if (file.deleteIfItNames(ref.name())) {
            log.info("Cluster " + ref.name() + " is gone; removed " + file.path() + ".");
        } else {
            log.info("Cluster " + ref.name() + " is gone.");
        }
    }

    /**
     * Tears down a cluster launched in this build: {@code sky down -y}, {@code sky status} to see it gone, then the
     * name file deleted when it names it.
     *
     * @param file null when none was written
     * @return empty when the cluster is gone, else what went wrong
     */
    private Optional<String> tearDownAndCheck(ClusterRef ref, ClusterNameFile file) {
        String name = ref.name();
        try {
            SkyRunResult down = runner.run(sky.down(name, false), cleanupSettings());
            Optional<String> failed = cleanupFailure(down, "sky down -y " + name);
            if (failed.isPresent()) {
                return failed;
            }
            Optional<ClusterStatus> still = readStatus(ref, this::cleanupSettings);
            if (still.isPresent()) {
                return Optional.of("sky status still lists it (" + still.get().status() + ") after sky down: "
                        + down.lastErrorLine());
            }
        } catch (Stopped e) {
            return Optional.of("checking it with " + e.command + (e.result.outcome() instanceof Outcome.TimedOut
                    ? " timed out" : " was interrupted"));
        } catch (SkyFailedException e) {
            return Optional.of(e.getMessage());
        }
        if (file != null) {
            deleteIfItNames(file, name);
        }
        return Optional.empty();
    }

    /** Stops a cluster this build started: {@code sky stop -y}, then {@code sky status} to see it STOPPED. */
    private Optional<String> stopAndCheck(ClusterRef ref) {
        String name = ref.name();
        try {
            SkyRunResult stop = runner.run(sky.stop(name), cleanupSettings());
            Optional<String> failed = cleanupFailure(stop, "sky stop -y " + name);
            if (failed.isPresent()) {
                return failed;
            }
            Optional<ClusterStatus> now = readStatus(ref, this::cleanupSettings);
            if (now.isPresent() && !"STOPPED".equals(now.get().status())) {
                return Optional.of("sky status shows it " + now.get().status() + " after sky stop: "
                        + stop.lastErrorLine());
            }
            return Optional.empty();
        } catch (Stopped e) {
            return Optional.of("checking it with " + e.command + (e.result.outcome() instanceof Outcome.TimedOut
                    ? " timed out" : " was interrupted"));
        } catch (SkyFailedException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Optional<String> cleanupFailure(SkyRunResult result, String command) {
        if (result.outcome() instanceof Outcome.TimedOut) {
            return Optional.of("`" + command + "` did not finish within " + CLEANUP_TIMEOUT_SECONDS + " s");
        }
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            return Optional.of("`" + command + "` was interrupted");
        }
        if (exited.code() != 0) {
            return Optional.of("`" + command + "` failed with exit code " + exited.code() + ": "
                    + result.lastErrorLine());
        }
        return Optional.empty();
    }

    /** Clean-up commands run whatever is left of the budget, each with its own bound and no clean-up of its own. */
    private SkyRunSettings cleanupSettings() {
        return settings.toBuilder().timeoutSeconds(CLEANUP_TIMEOUT_SECONDS).noCleanup().build();
    }

    private void deleteIfItNames(ClusterNameFile file, String name) {
        try {
            file.deleteIfItNames(name);
        } catch (IOException | BadInputException e) {
            log.warn("Could not remove " + file.path() + " (" + e.getMessage() + "); it names " + name
                    + ", which is gone: remote:down or the next remote:provision clears it.");
        }
    }

    private String tearDownQuietly(String name) {
        try {
            SkyRunResult down = runner.run(sky.down(name, false), cleanupSettings());
            return new Outcome.Exited(0).equals(down.outcome()) ? "ran `sky down -y " + name + "` so nothing half-made keeps billing"
                    : "`sky down -y " + name + "` failed too: check `sky status`";
        } catch (SkyFailedException e) {
            return "could not run `sky down -y " + name + "`: check `sky status`";
        }
    }

    private Path writeTask(ProvisionRequest request, String name) throws BadInputException, IOException {
        String yaml = TaskYaml.render(request.task());
        Files.createDirectories(request.renderDirectory());
        Path file = request.renderDirectory().resolve(name + ".sky.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
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

    /** What ended a command of this goal: "did not finish within <the budget>" or "was interrupted". */
    private static String stopped(SkyRunResult result, Deadline deadline) {
        return result.outcome() instanceof Outcome.TimedOut ? "did not finish within " + deadline.describe()
                : "was interrupted";
    }

    private static String source(ProvisionRequest request, ClusterNameFile file) {
        return request.explicitName() != null ? "-Dcluster" : file.path().getFileName().toString();
    }

    /** A command of this goal ended by the timeout or an interrupt. */
    private static final class Stopped extends Exception {
        private final String command;
        private final SkyRunResult result;

        private Stopped(String command, SkyRunResult result) {
            super(command, null, false, false);
            this.command = command;
            this.result = result;
        }

        /** @return the exit code, when the command exited on its own */
        static int check(String command, SkyRunResult result) throws Stopped {
            if (!(result.outcome() instanceof Outcome.Exited exited)) {
                throw new Stopped(command, result);
            }
            return exited.code();
        }
    }

    /** The safety net of a billing cluster could not be confirmed; the message says why. */
    private static final class Unguarded extends Exception {
        private final boolean timedOut;
        private final boolean interrupted;
        private final String cleanup;

        Unguarded(String why) {
            this(why, false, false, "");
        }

        private Unguarded(String why, boolean timedOut, boolean interrupted, String cleanup) {
            super(why, null, false, false);
            this.timedOut = timedOut;
            this.interrupted = interrupted;
            this.cleanup = cleanup;
        }

        static Unguarded stopped(String command, SkyRunResult result, Deadline deadline) {
            return new Unguarded(command + " " + ClusterLifecycle.stopped(result, deadline),
                    result.outcome() instanceof Outcome.TimedOut, result.outcome() instanceof Outcome.Interrupted,
                    result.cleanup());
        }
    }
}
