package io.github.skyremote.maven;

import io.github.skyremote.core.Message;
import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.cluster.Accelerator;
import io.github.skyremote.core.cluster.ClusterLifecycle;
import io.github.skyremote.core.cluster.ClusterNameFile;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.cluster.ProvisionPlan;
import io.github.skyremote.core.cluster.TaskYaml;
import io.github.skyremote.core.job.JobEnvironmentCheck;
import io.github.skyremote.core.sky.SkyCommand;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import java.io.File;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Optional;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Launches a cluster for the device with {@code sky launch}, or reuses the one the name file names when it is UP
 * (a STOPPED one is started). New clusters carry autostop ({@code -i idleMinutes}) and, by default, autodown
 * ({@code --down}), so a forgotten cluster does not bill for hours. The name file is written only after the launch
 * succeeded, atomically and under a lock: modules of a parallel reactor, or two Maven processes, launch one cluster.
 * A launched, started or reused cluster's autostop/autodown is then confirmed with {@code sky status} (and set again
 * when missing); a launched cluster whose safety net cannot be confirmed is torn down (see {@code ClusterLifecycle}).
 */
@Mojo(name = "provision", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class ProvisionMojo extends AbstractRemoteMojo {
    /**
     * The accelerator, {@code NAME} or {@code NAME:COUNT} (e.g. {@code H100:1}, {@code A100-80GB:8},
     * {@code tpu-v6e-8}). A gpu device refuses {@code tpu-*} names; a tpu device requires them. Needed to launch a
     * new cluster; not to reuse one.
     */
    @Parameter(property = PropertyNames.ACCELERATOR)
    protected String accelerator;

    /**
     * The experiment name in the cluster name, {@code gpu-<experiment>-<5 digits>} or
     * {@code tpu-<accelerator>-<experiment>-<5 digits>}, sanitized as the exec-remote scripts do: invalid characters
     * become {@code -}, at most 20 characters.
     */
    @Parameter(property = PropertyNames.EXPERIMENT, defaultValue = "${project.artifactId}")
    protected String experiment;

    /**
     * Where to launch, in SkyPilot's {@code --infra} syntax: {@code gcp}, {@code aws/us-east-1}, {@code k8s}...
     * Default: wherever SkyPilot finds the accelerator.
     */
    @Parameter(property = PropertyNames.INFRA)
    protected String infra;

    /** Idle minutes before the cluster is stopped, or torn down with {@code autodown} (autostop, {@code -i}). */
    @Parameter(property = PropertyNames.IDLE_MINUTES, defaultValue = "30")
    protected int idleMinutes;

    /** Tear the cluster down (not just stop it) once idle, so nothing is left billing ({@code --down}). */
    @Parameter(property = PropertyNames.AUTODOWN, defaultValue = "true")
    protected boolean autodown;

    /** Use spot (preemptible) instances. */
    @Parameter(property = PropertyNames.USE_SPOT, defaultValue = "false")
    protected boolean useSpot;

    /** Retry provisioning until the resources are available ({@code --retry-until-up}). */
    @Parameter(property = PropertyNames.RETRY_UNTIL_UP, defaultValue = "false")
    protected boolean retryUntilUp;

    /** Number of nodes. Default: SkyPilot's (1). */
    @Parameter(property = PropertyNames.NUM_NODES)
    protected Integer numNodes;

    /**
     * The task's setup script. Default: the task file's, or one that installs {@code uv} when the image lacks it.
     */
    @Parameter(property = PropertyNames.SETUP)
    protected String setup;

    /** Your own SkyPilot task YAML to start from; resources set here override its values. */
    @Parameter(property = PropertyNames.TASK_FILE)
    protected File taskFile;

    /**
     * The TPU runtime version ({@code accelerator_args.runtime_version} in the task YAML, written only when set).
     * Default: SkyPilot's choice for the TPU generation.
     */
    @Parameter(property = PropertyNames.TPU_RUNTIME_VERSION)
    protected String tpuRuntimeVersion;

    @Override
    protected void resolveGoalParameters() throws RemoteException {
        accelerator = userProperties.string(PropertyNames.ACCELERATOR, accelerator);
        experiment = userProperties.string(PropertyNames.EXPERIMENT, experiment);
        infra = userProperties.string(PropertyNames.INFRA, infra);
        idleMinutes = userProperties.integer(PropertyNames.IDLE_MINUTES, idleMinutes);
        autodown = userProperties.bool(PropertyNames.AUTODOWN, autodown);
        useSpot = userProperties.bool(PropertyNames.USE_SPOT, useSpot);
        retryUntilUp = userProperties.bool(PropertyNames.RETRY_UNTIL_UP, retryUntilUp);
        if (userProperties.has(PropertyNames.NUM_NODES)) {
            numNodes = userProperties.integer(PropertyNames.NUM_NODES, 0);
        }
        setup = userProperties.string(PropertyNames.SETUP, setup);
        taskFile = userProperties.file(PropertyNames.TASK_FILE, taskFile, baseDirectory());
        tpuRuntimeVersion = userProperties.string(PropertyNames.TPU_RUNTIME_VERSION, tpuRuntimeVersion);
    }

    @Override
    protected void run() throws RemoteException {
        Device dev = resolveDevice();
        Accelerator acc = accelerator == null || accelerator.isBlank() ? null
                : Accelerator.parse(accelerator, Setting.ACCELERATOR).requireFits(dev, Setting.ACCELERATOR);
        if (idleMinutes < 0) {
            throw new BadInputException("idleMinutes is " + idleMinutes + "; it must be 0 or more.",
                    "Set -Dremote.idleMinutes=<minutes>, e.g. 30.");
        }
        if (numNodes != null && numNodes < 1) {
            throw new BadInputException("numNodes is " + numNodes + "; a cluster has at least 1 node.",
                    "Set -Dremote.numNodes=1 or more, or leave it out.");
        }
        if (tpuRuntimeVersion != null && !tpuRuntimeVersion.isBlank() && dev != Device.TPU) {
            throw new BadInputException("tpuRuntimeVersion is set, but the device is " + dev + ".",
                    "Leave -Dremote.tpuRuntimeVersion out, or use -Ddevice=tpu.");
        }
        String explicit = explicitCluster();
        ClusterNameFile file = nameFile(dev);
        SkyCommandBuilder.JobEnvironment environmentOptions = JobEnvironmentCheck.check(env, secrets, environment);
        TaskYaml.Spec task = new TaskYaml.Spec(dev, acc, useSpot, infra, numNodes, setup,
                taskFile == null ? null : taskFile.toPath(), tpuRuntimeVersion);
        SkyCommandBuilder.LaunchOptions launch = new SkyCommandBuilder.LaunchOptions(idleMinutes, autodown,
                retryUntilUp);
        ClusterLifecycle.ProvisionRequest request = new ClusterLifecycle.ProvisionRequest(dev, acc, experiment,
                explicit, file, launch, task, environmentOptions, targetDirectory().resolve("remote"));
        // Bad input fails here, before any process starts; the real run plans again under the name file's lock.
        ProvisionPlan plan = ProvisionPlan.make(request, new SkyCommandBuilder(skyExecutable), new SecureRandom());
        if (dryRun) {
            plan.describe(new ProvisionPlan.Narrator() {
                @Override
                public void say(Message line) {
                    getLog().info("Dry run: " + line.render(MavenSpelling.INSTANCE));
                }

                @Override
                public void wouldRun(SkyCommand command) {
                    printDryRun(command);
                }

                @Override
                public void show(String text) {
                    for (String line : text.split("\n")) {
                        getLog().info("  " + line); // as printed before: the build's CLI check reads it back
                    }
                }
            });
            return;
        }

        shareCluster(dev, file, explicit);
        SkyCommandBuilder sky = new SkyCommandBuilder(skyPath());
        ClusterLifecycle lifecycle = new ClusterLifecycle(runner(), sky,
                runSettings(defaultLogFile("provision"), JobEnvironmentCheck.masker(secrets, environment),
                        p -> Optional.empty()), deadline, new MavenSkyLog(getLog()));
        try {
            lifecycle.provision(request, new SecureRandom());
        } catch (IOException e) {
            throw new SkyFailedException("Cannot write " + file.path() + " or the task YAML: " + e.getMessage(),
                    "Check the permissions of the project root and target/.", e);
        }
    }
}
