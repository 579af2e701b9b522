package io.github.skyremote.core.cluster;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.process.Outcome;
import io.github.skyremote.core.process.OutputLostException;
import io.github.skyremote.core.process.OutputMode;
import io.github.skyremote.core.process.OutputSpec;
import io.github.skyremote.core.process.ProcessCommand;
import io.github.skyremote.core.process.ProcessLauncher;
import io.github.skyremote.core.process.ProcessSupervisor;
import io.github.skyremote.core.process.Supervision;
import io.github.skyremote.core.sky.ClusterStatus;
import io.github.skyremote.core.sky.SkyCommand;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Tears a cluster down while the JVM shuts down (Ctrl+C, SIGTERM): {@code sky down -y <name>}, then {@code sky status}
 * to see it gone, each bounded in time, and the name file removed once it is. The commands run under a plain
 * {@link ProcessSupervisor} (started during the shutdown, it adds no hook of its own), without the clean-up and
 * messages of a {@code SkyRunner}: this class says what happened. Never throws: the JVM is going away, so the outcome
 * is logged, with the command to run by hand when the teardown is not certain.
 */
public final class ShutdownTeardown implements SharedCluster.Teardown {
    private final ProcessLauncher launcher;
    private final Path workingDirectory;
    private final SkyCommandBuilder sky;
    private final ClusterNameFile nameFile;
    private final SkyLog log;
    private final long downSeconds;
    private final long statusSeconds;

    public ShutdownTeardown(ProcessLauncher launcher, Path workingDirectory, SkyCommandBuilder sky,
            ClusterNameFile nameFile, SkyLog log, long downSeconds, long statusSeconds) {
        this.launcher = launcher;
        this.workingDirectory = workingDirectory;
        this.sky = sky;
        this.nameFile = nameFile;
        this.log = log;
        this.downSeconds = downSeconds;
        this.statusSeconds = statusSeconds;
    }

    @Override
    public void tearDown(String cluster) {
        SkyCommand down = sky.down(cluster, false);
        Call call = call(down, downSeconds, true);
        if (call.error() != null) {
            log.error("Build interrupted: could not run `" + down.display() + "`: " + call.error()
                    + ". Run it by hand; until then the cluster's autostop is the safety net.");
            return;
        }
        if (call.outcome() instanceof Outcome.TimedOut) {
            log.error("Build interrupted: `" + down.display() + "` did not finish within " + downSeconds
                    + " s (SkyPilot may still be tearing the cluster down). Check: sky status " + cluster
                    + "   and run `" + down.display() + "` again if it is listed.");
            return;
        }
        if (call.exitCode() != 0) {
            log.error("Build interrupted: `" + down.display() + "` failed with exit code " + call.exitCode()
                    + ". Run it by hand; until then the cluster's autostop is the safety net.");
            return;
        }
        Call status = call(sky.status(cluster, true, true), statusSeconds, false);
        Optional<ClusterStatus> still = Optional.empty();
        boolean known = status.error() == null && status.exitCode() == 0;
        if (known) {
            try {
                still = ClusterStatus.fromJson(status.lines(), cluster);
            } catch (IOException e) {
                known = false;
            }
        }
        if (!known) {
            log.warn("Build interrupted: ran `" + down.display() + "`, but could not check with sky status that "
                    + cluster + " is gone: check it by hand (sky status " + cluster + ").");
            return;
        }
        if (still.isPresent()) {
            log.error("Build interrupted: ran `" + down.display() + "`, but " + cluster + " is still listed (status: "
                    + still.get().status() + "): its teardown failed. Retry: sky down -y " + cluster
                    + "   (or drop the record: sky down -y --purge " + cluster + ")");
            return;
        }
        try {
            nameFile.deleteIfItNames(cluster);
        } catch (BadInputException | IOException e) {
            // The cluster is gone; a name file left behind is found stale by the next remote:provision.
        }
        log.warn("Build interrupted: cluster " + cluster + " was torn down (`" + down.display() + "`).");
    }

    /** @param error why it could not run or finish (then outcome is null or an interrupt) */
    private record Call(Outcome outcome, List<String> lines, String error) {
        /** The exit code; -1 when it did not exit on its own. */
        int exitCode() {
            return outcome instanceof Outcome.Exited exited ? exited.code() : -1;
        }
    }

    /** Runs one command, bounded; shows its output when {@code show}, else keeps stdout for parsing. */
    private Call call(SkyCommand command, long seconds, boolean show) {
        ProcessSupervisor supervisor = new ProcessSupervisor(launcher, workingDirectory, log, 0);
        try {
            ProcessSupervisor.Result result = supervisor.run(new ProcessCommand(command.argv(), command.display(),
                    SkyCommand.environment()), seconds, OutputSpec.plain(show ? OutputMode.SHOWN : OutputMode.CAPTURED),
                    Supervision.NONE);
            return new Call(result.outcome(), result.captured(),
                    result.outcome() instanceof Outcome.Interrupted ? "interrupted" : null);
        } catch (IOException | OutputLostException e) {
            return new Call(null, List.of(), e.getMessage());
        }
    }
}
