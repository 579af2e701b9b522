package io.github.skyremote.maven;

import io.github.skyremote.core.ClusterLifecycle;
import io.github.skyremote.core.ClusterNameFile;
import io.github.skyremote.core.ClusterRef;
import io.github.skyremote.core.Device;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.SecretMasker;
import io.github.skyremote.core.SkyCommandBuilder;
import io.github.skyremote.core.SkyFailedException;
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
    @Parameter(property = "remote.purge", defaultValue = "false")
    protected boolean purge;

    @Override
    protected void run() throws RemoteException {
        purge = userProperties.bool("remote.purge", purge);
        Device dev = resolveDevice();
        ClusterNameFile file = nameFile(dev);
        ClusterRef ref;
        if (explicitCluster() != null) {
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
        if (dryRun) {
            SkyCommandBuilder sky = new SkyCommandBuilder(skyExecutable);
            printDryRun(sky.down(ref.name(), purge));
            printDryRun(sky.status(ref.name(), true, true));
            getLog().info("Dry run: " + file.path() + " would be deleted once " + ref.name() + " is gone.");
            return;
        }
        SkyCommandBuilder sky = new SkyCommandBuilder(skyPath());
        ClusterLifecycle lifecycle = new ClusterLifecycle(runner(), sky,
                runSettings(defaultLogFile("down"), SecretMasker.NONE, p -> Optional.empty()),
                deadline, new MavenSkyLog(getLog()));
        try {
            lifecycle.down(ref, file, purge);
        } catch (IOException e) {
            throw new SkyFailedException("Cannot delete " + file.path() + ": " + e.getMessage(),
                    "Delete it by hand once `sky status " + ref.name() + "` no longer lists the cluster.", e);
        }
    }
}
