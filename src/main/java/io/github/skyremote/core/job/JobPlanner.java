package io.github.skyremote.core.job;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.cluster.Accelerator;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.process.SecretMasker;
import io.github.skyremote.core.sky.SkyCommand;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Checks a job request against the local project and composes its {@code sky exec} command. Everything here runs
 * before any {@code sky} process starts, so bad input costs nothing.
 */
public final class JobPlanner {
    private JobPlanner() {
    }

    /**
     * A job to run.
     *
     * @param extra the uv extra; null for the device's
     * @param groups uv groups asked for explicitly; null for the device's defaults (dropped when undeclared)
     * @param cudaVisibleDevices null for the default (the device's, unless gpus is set); "" for no export
     * @param gpus value of {@code --gpus}; null or empty for none
     */
    public record JobRequest(Device device, Path workdir, PythonInvocation invocation, String extra,
            List<String> groups, String cudaVisibleDevices, String gpus, Map<String, String> env,
            List<String> secrets, boolean detach) {
    }

    /**
     * The checked job: what runs remotely, and how to ask a cluster to run it.
     *
     * @param epilogue reads the program's exit status (and report) back from the job's output
     */
    public record PlannedJob(Workdir workdir, String remoteCommand, String gpus,
            SkyCommandBuilder.JobEnvironment environment, boolean detach, String what, SecretMasker masker,
            JobEpilogue epilogue) {
        /** The {@code sky exec} command that runs this job on the cluster. */
        public SkyCommand command(SkyCommandBuilder sky, ClusterRef cluster) {
            return sky.exec(cluster.name(), workdir.path(), gpus, environment, detach, remoteCommand);
        }
    }

    public static PlannedJob plan(JobRequest request, Map<String, String> processEnvironment)
            throws BadInputException {
        Workdir workdir = Workdir.of(request.workdir());
        List<String> pythonArgs = request.invocation().pythonArgs(workdir);
        PyProject pyproject = PyProject.load(workdir.path());
        String extra = request.extra() == null || request.extra().isBlank() ? request.device().extra()
                : request.extra().trim();
        pyproject.requireExtra(extra);
        List<String> groups = pyproject.resolveGroups(request.groups(), request.device().defaultGroups());
        String gpus = request.gpus() == null || request.gpus().isBlank() ? null : request.gpus().trim();
        if (gpus != null) {
            Accelerator.parse(gpus, Setting.GPUS);
        }
        String cuda = request.cudaVisibleDevices();
        if (cuda == null) {
            // With --gpus SkyPilot schedules the devices and sets CUDA_VISIBLE_DEVICES itself.
            cuda = gpus != null ? "" : request.device().defaultCudaVisibleDevices();
        }
        SkyCommandBuilder.JobEnvironment environment = JobEnvironmentCheck.check(request.env(), request.secrets(),
                processEnvironment);
        PythonInvocation invocation = request.invocation();
        String remote = invocation.epilogue().wrap(RemoteCommand.compose(cuda.trim(), groups, extra, pythonArgs),
                invocation.sendsReport());
        return new PlannedJob(workdir, remote, gpus, environment, request.detach(), invocation.describe(),
                JobEnvironmentCheck.masker(request.secrets(), processEnvironment), invocation.epilogue());
    }
}
