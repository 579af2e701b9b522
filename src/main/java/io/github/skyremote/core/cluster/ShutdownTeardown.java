package io.github.skyremote.core.cluster;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.process.Ansi;
import io.github.skyremote.core.process.ProcessLauncher;
import io.github.skyremote.core.sky.ClusterStatus;
import io.github.skyremote.core.sky.SkyCommand;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Tears a cluster down while the JVM shuts down (Ctrl+C, SIGTERM), where {@link SkyRunner} cannot be used (it adds a
 * shutdown hook of its own and takes the shutdown for an interrupt of its command): {@code sky down -y <name>}, then
 * {@code sky status} to see it gone, each bounded in time, and the name file removed once it is. Never throws: the
 * JVM is going away, so the outcome is logged, with the command to run by hand when the teardown is not certain.
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
        if (call.timedOut()) {
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
        boolean known = status.error() == null && !status.timedOut() && status.exitCode() == 0;
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

    private record Call(int exitCode, boolean timedOut, List<String> lines, String error) {
    }

    /** Runs one command, bounded; shows its output when {@code show}, else keeps stdout for parsing. */
    private Call call(SkyCommand command, long seconds, boolean show) {
        log.debug("Running: " + command.display());
        Process process;
        try {
            process = launcher.start(command.argv(), workingDirectory, SkyRunner.childEnvironment());
        } catch (IOException e) {
            return new Call(-1, false, List.of(), e.getMessage());
        }
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread out = pump(process.getInputStream(), line -> {
            if (show) {
                log.info(line);
            } else if (lines.size() < SkyRunner.MAX_CAPTURED_LINES) {
                lines.add(line);
            }
        });
        Thread err = pump(process.getErrorStream(), log::warn);
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                SkyRunner.killTree(process.toHandle());
                return new Call(-1, true, List.of(), null);
            }
            out.join(2_000);
            err.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            SkyRunner.killTree(process.toHandle());
            return new Call(-1, false, List.of(), "interrupted");
        }
        synchronized (lines) {
            return new Call(process.exitValue(), false, List.copyOf(lines), null);
        }
    }

    private static Thread pump(InputStream stream, java.util.function.Consumer<String> sink) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(Ansi.strip(line));
                }
            } catch (IOException e) {
                // The stream closes when the process is killed.
            }
        }, "sky-shutdown-teardown");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
