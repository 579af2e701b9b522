package io.github.skyremote.maven;

import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.cluster.ClusterLifecycle;
import io.github.skyremote.core.cluster.ClusterNameFile;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.cluster.SharedCluster;
import io.github.skyremote.core.process.SecretMasker;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import java.io.IOException;
import java.util.Optional;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Tears the device's cluster down: {@code sky down -y <cluster>}, then {@code sky status} to check that it is gone
 * (sky down exits 0 even when the teardown failed), and only then deletes the name file. Without a name file there
 * is nothing to do, which is a success, so it is safe to bind in {@code post-integration-test} and to run in a
 * Jenkins {@code post { always { } }} block. Works outside a Maven project, from the current directory.
 */
@Mojo(name = "down", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true, requiresProject = false,
        aggregator = false)
public class DownMojo extends AbstractRemoteMojo {
    /**
     * Remove the cluster from SkyPilot's table even if the cloud teardown fails ({@code sky down --purge}); check the
     * cloud console for leftovers afterwards.
     */
    @Parameter(property = PropertyNames.PURGE, defaultValue = "false")
    protected boolean purge;

    /**
     * Keep the cluster after the build instead of tearing it down (for the next build, or to debug); the log says
     * how to tear it down later. In a reactor, {@code keep} on any {@code remote:down} keeps the cluster.
     */
    @Parameter(property = PropertyNames.KEEP, defaultValue = "false")
    protected boolean keep;

    @Override
    protected void resolveGoalParameters() throws RemoteException {
        purge = userProperties.bool(PropertyNames.PURGE, purge);
        keep = userProperties.bool(PropertyNames.KEEP, keep);
    }

    @Override
    protected void run() throws RemoteException {
        Device dev = resolveDevice();
        ClusterNameFile file = nameFile(dev);
        String explicit = explicitCluster();
        if (dryRun) {
            dryRun(dev, file, explicit);
            return;
        }
        if (BuildClusters.of(session).stopping()) {
            getLog().warn("Build interrupted: remote:down leaves the cluster to the interrupt handler, which tears it"
                    + " down or says why it stays.");
            return;
        }
        // Other modules of this build, or another build, may still use the cluster: the rule of SharedCluster
        // decides whether this down tears it down now, or leaves that to the last user.
        SharedCluster shared = shareCluster(dev, file, explicit);
        SkyCommandBuilder sky = new SkyCommandBuilder(skyPath());
        ClusterLifecycle lifecycle = new ClusterLifecycle(runner(), sky,
                runSettings(defaultLogFile("down"), SecretMasker.NONE, p -> Optional.empty()),
                deadline, new MavenSkyLog(getLog()));
        try {
            shared.moduleDone(ReactorPlan.moduleId(project != null ? project : session.getCurrentProject()),
                    SharedCluster.Moment.DOWN_GOAL, keep, name -> lifecycle.down(explicit != null
                            ? ClusterRef.named(name, dev) : new ClusterRef(name, file.path().getFileName().toString(),
                                    dev), file, purge));
        } catch (IOException e) {
            throw new SkyFailedException("Cannot delete " + file.path() + " or update this build's lease: "
                    + e.getMessage(), "Delete it by hand once `sky status` no longer lists the cluster.", e);
        }
    }

    private void dryRun(Device dev, ClusterNameFile file, String explicit) throws RemoteException {
        ClusterRef ref;
        if (explicit != null) {
            ref = resolveCluster(dev);
        } else {
            Optional<String> name = file.readIfPresent();
            if (name.isEmpty()) {
                getLog().info("Nothing to tear down: " + file.path().getFileName() + " does not exist in "
                        + file.path().getParent() + ".");
                return;
            }
            ref = new ClusterRef(name.get(), file.path().getFileName().toString(), dev);
        }
        SkyCommandBuilder sky = new SkyCommandBuilder(skyExecutable);
        printDryRun(sky.down(ref.name(), purge));
        printDryRun(sky.status(ref.name(), true, true));
        getLog().info("Dry run: " + file.path() + " would be deleted once " + ref.name() + " is gone"
                + (keep ? "; with remote.keep the cluster would be kept instead." : "."));
    }
}
