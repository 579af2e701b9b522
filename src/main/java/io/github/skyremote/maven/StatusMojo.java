package io.github.skyremote.maven;

import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.cluster.ClusterNameFile;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.job.ClusterJobs;
import io.github.skyremote.core.job.JobRecords;
import io.github.skyremote.core.job.ManagedJobs;
import io.github.skyremote.core.process.SecretMasker;
import io.github.skyremote.core.sky.ClusterStatus;
import io.github.skyremote.core.sky.SkyCommandBuilder;
import io.github.skyremote.core.sky.SkyRunSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * One screen before spending money: the clusters this workspace knows ({@code -Dcluster}, else the name files of every
 * device and the clusters it submitted jobs to) as the cloud has them now ({@code sky status --refresh}: status,
 * resources, autostop/autodown, launched when), the job queue of those that are up ({@code sky queue}), and with
 * {@code managed} (or when this workspace ran managed jobs) {@code sky jobs queue}. A cluster that is gone is said to
 * be gone; nothing is changed anywhere.
 */
@Mojo(name = "status", threadSafe = true, requiresProject = false, aggregator = true)
public class StatusMojo extends AbstractFollowUpMojo {
    @Override
    protected void run() throws RemoteException {
        JobRecords records = records();
        Map<String, ClusterRef> known = new LinkedHashMap<>();
        String explicit = explicitCluster();
        if (explicit != null) {
            ClusterRef ref = followUpCluster();
            known.put(ref.name(), ref);
        } else {
            List<Device> devices = device != null && !device.isBlank() ? List.of(Device.parse(device))
                    : List.of(Device.values());
            for (Device dev : devices) {
                ClusterNameFile file = nameFile(dev);
                file.readIfPresent().ifPresent(name -> known.putIfAbsent(name, new ClusterRef(name,
                        file.path().getFileName().toString(), dev)));
            }
            for (String name : records.clusters()) {
                known.putIfAbsent(name, new ClusterRef(name, "this workspace's job records",
                        name.startsWith("tpu-") ? Device.TPU : Device.GPU));
            }
        }
        boolean showManaged = managed || records.hasManaged();
        List<ClusterRef> clusters = new ArrayList<>(known.values());
        if (dryRun) {
            SkyCommandBuilder sky = new SkyCommandBuilder(skyExecutable);
            if (!clusters.isEmpty()) {
                printDryRun(sky.statusTable(clusters.stream().map(ClusterRef::name).toList()));
                printDryRun(sky.queue(clusters.stream().map(ClusterRef::name).toList()));
            }
            if (showManaged) {
                printDryRun(sky.jobsQueue());
            }
            return;
        }
        SkyCommandBuilder sky = new SkyCommandBuilder(skyPath());
        SkyRunSettings settings = runSettings(defaultLogFile("status"), SecretMasker.NONE, p -> Optional.empty());
        MavenSkyLog log = new MavenSkyLog(getLog());
        if (clusters.isEmpty()) {
            getLog().info("This workspace knows no cluster: no " + Device.GPU.nameFile() + " or "
                    + Device.TPU.nameFile() + " in " + projectRoot() + ", and no job recorded in "
                    + records.directory() + ". All your clusters: sky status");
        } else {
            getLog().info("Clusters this workspace knows: " + String.join(", ", clusters.stream()
                    .map(c -> c.name() + " (from " + c.source().render(MavenSpelling.INSTANCE) + ")").toList()));
            ClusterJobs jobs = new ClusterJobs(runner(), sky, settings, deadline, log);
            List<ClusterStatus> found = jobs.status(clusters);
            List<String> up = new ArrayList<>();
            for (ClusterRef cluster : clusters) {
                Optional<ClusterStatus> status = found.stream().filter(s -> s.name().equals(cluster.name()))
                        .findFirst();
                if (status.isEmpty()) {
                    getLog().warn("Cluster " + cluster.name() + " (from " + cluster.source().render(MavenSpelling.INSTANCE)
                            + ") no longer exists:"
                            + " it was torn down (autodown), preempted, or removed by hand; it costs nothing now.");
                    continue;
                }
                String last = records.last(cluster.name()).map(e -> "; this workspace last submitted job " + e.id()
                        + " (" + describe(e) + ") there at " + e.submittedAt()).orElse("");
                getLog().info("Cluster " + cluster.name() + " is " + status.get().status() + last + ".");
                if (status.get().isUp()) {
                    up.add(cluster.name());
                }
            }
            if (!up.isEmpty()) {
                jobs.queue(up);
            }
            getLog().info("What it costs: sky status shows no prices; sky cost-report estimates them per cluster.");
        }
        if (showManaged) {
            records.lastManaged().ifPresent(e -> getLog().info("This workspace last submitted managed job " + e.id()
                    + " (" + describe(e) + ") at " + e.submittedAt() + "."));
            new ManagedJobs(runner(), sky, settings, deadline, log).queue();
        }
    }
}
