package io.github.skyremote.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Creates, reuses and removes clusters, safe with money: the name file is written only once {@code sky launch}
 * succeeded (under a lock, so parallel builds launch one cluster), a launch that fails or is interrupted is torn
 * down, every launch carries autostop/autodown, and {@code sky down} is verified with {@code sky status} because it
 * exits 0 even when teardown failed.
 */
public final class ClusterLifecycle {
    private final SkyRunner runner;
    private final SkyCommandBuilder sky;
    private final SkyRunner.Settings settings;
    private final SkyLog log;

    /**
     * @param settings display, log file and timeout for the commands shown to the user
     */
    public ClusterLifecycle(SkyRunner runner, SkyCommandBuilder sky, SkyRunner.Settings settings, SkyLog log) {
        this.runner = runner;
        this.sky = sky;
        this.settings = settings;
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
                    return new Provisioned(name, false);
                }
                if (status.isPresent()) {
                    log.info("Cluster " + name + " is " + status.get().status() + "; starting it.");
                    start(ref, request.launch());
                    writeNameFile(file, name);
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
        SkyRunResult result = runner.run(launch, settings.withCleanup(p -> Optional.of(sky.down(name, false))));
        if (result.timedOut() || result.interrupted()) {
            throw new SkyFailedException("Launching " + name + " " + (result.timedOut()
                    ? "did not finish within the timeout (remote.timeout)" : "was interrupted") + ": "
                    + result.cleanup() + ". No name file was written.",
                    "Check nothing is left: sky status " + name);
        }
        if (result.exitCode() != 0) {
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
        ensureSafetyNet(ref, request.launch());
        writeNameFile(file, name);
        log.info("Cluster " + name + " is UP; its name is in " + file.path() + ".");
        return new Provisioned(name, true);
    }

    /** Checks that the launched cluster is UP and carries autostop; sets it again if the launch lost it. */
    private void ensureSafetyNet(ClusterRef ref, SkyCommandBuilder.LaunchOptions options) throws SkyFailedException {
        Optional<ClusterStatus> status = status(ref);
        if (status.isEmpty()) {
            throw new SkyFailedException("sky launch reported success, but " + ref.name()
                    + " is not listed by sky status.", "Check with: sky status " + ref.name());
        }
        ClusterStatus record = status.get();
        boolean needsFix = record.autostopKnown()
                && (record.autostopMinutes() < 0 || (options.autodown() && !record.toDown()));
        if (needsFix) {
            log.warn("Cluster " + ref.name() + " came up without its " + (options.autodown() ? "autodown" : "autostop")
                    + "; setting it again.");
            SkyRunResult result = runner.run(sky.autostop(ref.name(), options.idleMinutes(), options.autodown()),
                    settings);
            if (result.exitCode() != 0) {
                throw SkyExitCodes.clientFailure("autostop", result, ref);
            }
        }
    }

    private void start(ClusterRef ref, SkyCommandBuilder.LaunchOptions options) throws SkyFailedException {
        SkyRunResult result = runner.run(sky.start(ref.name(), options), settings);
        if (result.timedOut() || result.interrupted()) {
            throw new SkyFailedException("Starting " + ref.name() + " was stopped: " + result.cleanup() + ".",
                    "Check it: sky status " + ref.name());
        }
        if (result.exitCode() != 0) {
            throw SkyExitCodes.clientFailure("start", result, ref);
        }
    }

    /** The cluster's record, or empty when sky does not list it. JSON where the CLI supports it. */
    public Optional<ClusterStatus> status(ClusterRef ref) throws SkyFailedException {
        SkyRunResult json = runner.run(sky.status(ref.name(), true, true), settings.withLogFile(null).capturing());
        if (json.exitCode() == 0) {
            try {
                return ClusterStatus.fromJson(json.output(), ref.name());
            } catch (IOException e) {
                throw new SkyFailedException("Cannot read the output of sky status -o json: " + e.getMessage(),
                        "Run `sky status -o json " + ref.name() + "` by hand to see what it prints.");
            }
        }
        if (json.exitCode() == 2) {
            // An older CLI without -o: read its table.
            SkyRunResult table = runner.run(sky.status(ref.name(), false, true),
                    settings.withLogFile(null).capturing());
            if (table.exitCode() == 0) {
                return ClusterStatus.fromTable(table.output(), ref.name());
            }
            throw SkyExitCodes.clientFailure("status", table, ref);
        }
        throw SkyExitCodes.clientFailure("status", json, ref);
    }

    /**
     * {@code sky down -y <name>}, then {@code sky status} to see that it is really gone, then the name file is deleted
     * (when it still names this cluster).
     */
    public void down(ClusterRef ref, ClusterNameFile file, boolean purge) throws SkyFailedException,
            IOException, BadInputException {
        SkyRunResult result = runner.run(sky.down(ref.name(), purge), settings);
        if (result.timedOut() || result.interrupted()) {
            throw new SkyFailedException("Tearing down " + ref.name() + " was stopped before it finished.",
                    "Run it again: mvn remote:down -Ddevice=" + ref.device() + "   or: sky down -y " + ref.name());
        }
        if (result.exitCode() != 0) {
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
        Optional<String> named = file.readIfPresent();
        if (named.isPresent() && named.get().equals(ref.name())) {
            file.delete();
            log.info("Cluster " + ref.name() + " is gone; removed " + file.path() + ".");
        } else {
            log.info("Cluster " + ref.name() + " is gone.");
        }
    }

    private String tearDownQuietly(String name) {
        try {
            SkyRunResult down = runner.run(sky.down(name, false), settings.withTimeout(120));
            return down.exitCode() == 0 ? "ran `sky down -y " + name + "` so nothing half-made keeps billing"
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

    private static String source(ProvisionRequest request, ClusterNameFile file) {
        return request.explicitName() != null ? "-Dcluster" : file.path().getFileName().toString();
    }
}
