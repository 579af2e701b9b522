package io.github.skyremote.core.sky;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Composes every {@code sky} argv the plugin runs, following docs/skypilot-facts.md#rules: {@code -y} on every command
 * that prompts and never on {@code exec}; {@code --} before the remote command so its words are never read as sky
 * options; secrets by name only.
 */
public final class SkyCommandBuilder {
    private final String sky;

    /** @param sky the executable as it should appear in argv[0] */
    public SkyCommandBuilder(String sky) {
        this.sky = sky;
    }

    /** Options shared by exec and launch: environment and secrets. */
    public record JobEnvironment(Map<String, String> env, List<String> secrets) {
        public static final JobEnvironment NONE = new JobEnvironment(Map.of(), List.of());

        public JobEnvironment {
            env = env == null ? Map.of() : env;
            secrets = secrets == null ? List.of() : List.copyOf(secrets);
        }
    }

    /**
     * {@code sky exec <cluster> --workdir <dir> [--gpus G] [--env K=V].. [--secret K].. [-d] -- "<remote command>"}.
     */
    public SkyCommand exec(String cluster, Path workdir, String gpus, JobEnvironment environment, boolean detach,
            String remoteCommand) {
        List<String> argv = start("exec");
        argv.add(cluster);
        argv.add("--workdir");
        argv.add(workdir.toAbsolutePath().normalize().toString());
        if (gpus != null && !gpus.isEmpty()) {
            argv.add("--gpus");
            argv.add(gpus);
        }
        addEnvironment(argv, environment);
        if (detach) {
            argv.add("--detach-run");
        }
        argv.add("--");
        argv.add(remoteCommand);
        return new SkyCommand(argv);
    }

    /** Launch settings that are flags rather than task YAML. */
    public record LaunchOptions(int idleMinutes, boolean autodown, boolean retryUntilUp) {
    }

    /** {@code sky launch <task.yaml> -c <name> -y -i <idle> [--down] [-r] [--env ..] [--secret ..]}. */
    public SkyCommand launch(Path taskYaml, String cluster, LaunchOptions options, JobEnvironment environment) {
        List<String> argv = start("launch");
        argv.add(taskYaml.toAbsolutePath().normalize().toString());
        argv.add("--cluster");
        argv.add(cluster);
        argv.add("--yes");
        addSafetyNet(argv, options);
        addEnvironment(argv, environment);
        return new SkyCommand(argv);
    }

    /** {@code sky start -y <cluster> -i <idle> [--down]}: restarts a STOPPED cluster with the same safety net. */
    public SkyCommand start(String cluster, LaunchOptions options) {
        List<String> argv = start("start");
        argv.add("--yes");
        addSafetyNet(argv, options);
        argv.add(cluster);
        return new SkyCommand(argv);
    }

    /** {@code sky autostop -y -i <idle> [--down] <cluster>}: sets the safety net again when a launch lost it. */
    public SkyCommand autostop(String cluster, int idleMinutes, boolean down) {
        List<String> argv = start("autostop");
        argv.add("--yes");
        argv.add("--idle-minutes");
        argv.add(Integer.toString(idleMinutes));
        if (down) {
            argv.add("--down");
        }
        argv.add(cluster);
        return new SkyCommand(argv);
    }

    /** {@code sky down -y [--purge] <cluster>}. */
    public SkyCommand down(String cluster, boolean purge) {
        List<String> argv = start("down");
        argv.add("--yes");
        if (purge) {
            argv.add("--purge");
        }
        argv.add(cluster);
        return new SkyCommand(argv);
    }

    /** {@code sky stop -y <cluster>}: stops a cluster this build started when its safety net cannot be confirmed. */
    public SkyCommand stop(String cluster) {
        List<String> argv = start("stop");
        argv.add("--yes");
        argv.add(cluster);
        return new SkyCommand(argv);
    }

    /** {@code sky status [-r] [-o json] <cluster>}; {@code json=false} for versions that predate {@code -o}. */
    public SkyCommand status(String cluster, boolean json, boolean refresh) {
        List<String> argv = start("status");
        if (refresh) {
            argv.add("--refresh");
        }
        if (json) {
            argv.add("--output");
            argv.add("json");
        }
        argv.add(cluster);
        return new SkyCommand(argv);
    }

    /** {@code sky cancel -y <cluster> <jobId>}. */
    public SkyCommand cancel(String cluster, long jobId) {
        List<String> argv = start("cancel");
        argv.add("--yes");
        argv.add(cluster);
        argv.add(Long.toString(jobId));
        return new SkyCommand(argv);
    }

    /** {@code sky api info -o json}: the API server's URL, version and the user the credentials stand for. */
    public SkyCommand apiInfo() {
        return new SkyCommand(List.of(sky, "api", "info", "--output", "json"));
    }

    /**
     * {@code sky status --output json --ip <cluster>}: the API server's health check, with a name no cluster has. With
     * {@code --ip} the real client (0.14.1, {@code sky/client/cli/command.py}, {@code status}) sends no workspaces
     * request, whose SDK call skips the health check (a refused token then reads as a bare {@code HTTPError: 401});
     * its first request is health-checked, and {@code --output json} prints the (empty) list and exits 0 before
     * {@code --ip} would look for the cluster.
     */
    public SkyCommand healthProbe(String cluster) {
        return new SkyCommand(List.of(sky, "status", "--output", "json", "--ip", cluster));
    }

    /** {@code sky api start}: starts the local API server unless one is running. */
    public SkyCommand apiStart() {
        return new SkyCommand(List.of(sky, "api", "start"));
    }

    /**
     * {@code sky logs [--no-follow] --tail 0 <cluster> [<jobId>]}: the job's whole log (SkyPilot 0.14 shows only the
     * last 1000 lines unless told {@code --tail 0}); without an id, the cluster's latest job.
     */
    public SkyCommand logs(String cluster, OptionalLong jobId, boolean follow) {
        List<String> argv = start("logs");
        if (!follow) {
            argv.add("--no-follow");
        }
        argv.add("--tail");
        argv.add("0");
        argv.add(cluster);
        jobId.ifPresent(id -> argv.add(Long.toString(id)));
        return new SkyCommand(argv);
    }

    /** {@code sky logs --status <cluster> [<jobId>]}: prints {@code Job N: STATUS} and exits with its code. */
    public SkyCommand logsStatus(String cluster, OptionalLong jobId) {
        List<String> argv = start("logs");
        argv.add("--status");
        argv.add(cluster);
        jobId.ifPresent(id -> argv.add(Long.toString(id)));
        return new SkyCommand(argv);
    }

    /**
     * {@code sky cancel -y <cluster> [<jobId>]}, or with {@code all} {@code sky cancel -y --all <cluster>} (all of this
     * user's jobs there); with neither, SkyPilot cancels the cluster's latest running job.
     */
    public SkyCommand cancel(String cluster, OptionalLong jobId, boolean all) {
        List<String> argv = start("cancel");
        argv.add("--yes");
        if (all) {
            argv.add("--all");
        }
        argv.add(cluster);
        jobId.ifPresent(id -> argv.add(Long.toString(id)));
        return new SkyCommand(argv);
    }

    /** {@code sky queue <cluster>...}: the clusters' job queues, as a table. */
    public SkyCommand queue(List<String> clusters) {
        List<String> argv = start("queue");
        argv.addAll(clusters);
        return new SkyCommand(argv);
    }

    /** {@code sky status --refresh <cluster>...}: the clusters as the cloud has them now, as a table. */
    public SkyCommand statusTable(List<String> clusters) {
        List<String> argv = start("status");
        argv.add("--refresh");
        argv.addAll(clusters);
        return new SkyCommand(argv);
    }

    /**
     * {@code sky jobs launch <task.yaml> --name <name> --yes --detach-run [--job-recovery S] [--secret K]..}: submits a
     * managed job and returns once it is submitted (its id printed), so that the build knows the id to follow and to
     * cancel before the job runs.
     */
    public SkyCommand jobsLaunch(Path taskYaml, String name, String jobRecovery, List<String> secrets) {
        List<String> argv = start("jobs");
        argv.add("launch");
        argv.add(taskYaml.toAbsolutePath().normalize().toString());
        argv.add("--name");
        argv.add(name);
        argv.add("--yes");
        argv.add("--detach-run");
        if (jobRecovery != null && !jobRecovery.isEmpty()) {
            argv.add("--job-recovery");
            argv.add(jobRecovery);
        }
        addEnvironment(argv, new JobEnvironment(Map.of(), secrets));
        return new SkyCommand(argv);
    }

    /** {@code sky jobs logs [--no-follow] --tail 0 [<id>]}: a managed job's whole log; without an id, the latest. */
    public SkyCommand jobsLogs(OptionalLong jobId, boolean follow) {
        List<String> argv = start("jobs");
        argv.add("logs");
        if (!follow) {
            argv.add("--no-follow");
        }
        argv.add("--tail");
        argv.add("0");
        jobId.ifPresent(id -> argv.add(Long.toString(id)));
        return new SkyCommand(argv);
    }

    /** {@code sky jobs cancel -y <id>}. */
    public SkyCommand jobsCancel(long jobId) {
        return jobsCancelWith(Long.toString(jobId));
    }

    /** {@code sky jobs cancel -y --all}: every managed job of this user. */
    public SkyCommand jobsCancelAll() {
        return jobsCancelWith("--all");
    }

    /** {@code sky jobs cancel -y --name <name>}: the running managed jobs of that name (ours are unique). */
    public SkyCommand jobsCancelByName(String name) {
        return jobsCancelWith("--name", name);
    }

    private SkyCommand jobsCancelWith(String... words) {
        List<String> argv = start("jobs");
        argv.add("cancel");
        argv.add("--yes");
        argv.addAll(List.of(words));
        return new SkyCommand(argv);
    }

    /** {@code sky jobs queue}: this user's managed jobs, as a table. */
    public SkyCommand jobsQueue() {
        List<String> argv = start("jobs");
        argv.add("queue");
        return new SkyCommand(argv);
    }

    /** {@code sky --version}. */
    public SkyCommand version() {
        return new SkyCommand(List.of(sky, "--version"));
    }

    private List<String> start(String subcommand) {
        List<String> argv = new ArrayList<>();
        argv.add(sky);
        argv.add(subcommand);
        return argv;
    }

    /** Autostop (and autodown) so that a forgotten cluster does not bill; launch and start take the same flags. */
    private static void addSafetyNet(List<String> argv, LaunchOptions options) {
        argv.add("--idle-minutes-to-autostop");
        argv.add(Integer.toString(options.idleMinutes()));
        if (options.autodown()) {
            argv.add("--down");
        }
        if (options.retryUntilUp()) {
            argv.add("--retry-until-up");
        }
    }

    private static void addEnvironment(List<String> argv, JobEnvironment environment) {
        for (Map.Entry<String, String> entry : environment.env().entrySet()) {
            argv.add("--env");
            argv.add(entry.getKey() + "=" + entry.getValue());
        }
        for (String secret : environment.secrets()) {
            argv.add("--secret");
            argv.add(secret);
        }
    }
}
