package io.github.skyremote.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.skyremote.core.Action;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.cluster.Accelerator;
import io.github.skyremote.core.cluster.ClusterLeases;
import io.github.skyremote.core.cluster.ClusterNameFile;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.cluster.SharedCluster;
import io.github.skyremote.core.job.JobEnvironmentCheck;
import io.github.skyremote.core.job.Workdir;
import io.github.skyremote.core.process.Deadline;
import io.github.skyremote.core.sky.SkyExecutable;
import io.github.skyremote.core.sky.SkyExitCodes;
import io.github.skyremote.core.sky.SkyRunResult;
import io.github.skyremote.core.sky.SkyRunResults;
import io.github.skyremote.core.sync.SyncSizeGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core names settings and steps by neutral keys; these tests check that a Maven user reads them as before the
 * core stopped spelling them: the texts below are the ones the core wrote itself (and the ITs and the README quote).
 */
class MavenSpellingTest {
    private static final MavenSpelling MAVEN = MavenSpelling.INSTANCE;

    @TempDir
    Path tmp;

    @Test
    void everySettingIsAParameterWithItsPropertyInTheDescriptor() throws Exception {
        Map<String, PluginDescriptor.Goal> goals = PluginDescriptor.goals();
        for (Setting setting : Setting.values()) {
            MavenSpelling.Names names = MavenSpelling.names(setting);
            List<PluginDescriptor.Parameter> found = new ArrayList<>();
            goals.values().forEach(goal -> goal.parameter(names.parameter()).ifPresent(found::add));
            assertTrue(!found.isEmpty(), setting + " is spelled <" + names.parameter() + ">, a parameter of no goal");
            for (PluginDescriptor.Parameter parameter : found) {
                assertEquals(names.property(), parameter.property(), setting + ": the property of <"
                        + names.parameter() + "> in the descriptor");
            }
        }
    }

    @Test
    void settingsAndStepsAsAMavenUserWritesThem() {
        assertEquals("-Dremote.sky", MAVEN.option(Setting.SKY, null));
        assertEquals("-Dremote.sky=/path/to/sky", MAVEN.option(Setting.SKY, "/path/to/sky"));
        assertEquals("-Ddevice=gpu|tpu", MAVEN.option(Setting.DEVICE, "gpu|tpu"));
        assertEquals("remote.timeout", MAVEN.name(Setting.TIMEOUT));
        assertEquals("<skyExecutable>", MAVEN.configured(Setting.SKY, null, null));
        assertEquals("<env><MY_VAR>1</MY_VAR></env>", MAVEN.configured(Setting.ENV, "MY_VAR", "1"));
        assertEquals("<secrets><secret>HF_TOKEN</secret></secrets>", MAVEN.configured(Setting.SECRETS, null,
                "HF_TOKEN"));
        assertEquals("<env>", MAVEN.option(Setting.ENV, null), "env has no property: named as in the POM");
        assertEquals("env", MAVEN.name(Setting.ENV));
        assertEquals("mvn remote:down -Ddevice=gpu -Dremote.purge", Message.of(Action.DOWN.run(
                Setting.DEVICE.option("gpu"), Setting.PURGE.option())).render(MAVEN));
        assertEquals("mvn -N remote:down -Ddevice=gpu", Message.of(Action.DOWN.runOnce(
                Setting.DEVICE.option("gpu"))).render(MAVEN));
        assertEquals("remote:provision", MAVEN.step(Action.PROVISION));
        assertEquals("Export it before running Maven", Message.of("Export it before running ", Message.TOOL)
                .render(MAVEN));
        assertEquals("remote.timeout (600 s for the whole goal)", Deadline.startingNow(600).describe().render(MAVEN));
    }

    @Test
    void theCoresErrorsReadAsTheyDidForMavenUsers() throws Exception {
        assertDescribes(() -> Device.parse(null), "No device given.",
                "Choose one: -Ddevice=gpu|tpu (or <device> in the plugin configuration).");
        assertDescribes(() -> Device.parse("cpu"), "Unknown device 'cpu'.", "Use -Ddevice=gpu|tpu.");
        assertDescribes(() -> JobEnvironmentCheck.check(Map.of("MY-VAR", "1"), null, Map.of()),
                "Invalid environment variable name 'MY-VAR' in <env>.",
                "Names are letters, digits and _ and do not start with a digit, e.g. <env><MY_VAR>1</MY_VAR></env>.");
        assertDescribes(() -> JobEnvironmentCheck.check(null, List.of("a b"), Map.of()),
                "Invalid secret name 'a b' in <secrets>.",
                "List names of environment variables, e.g. <secrets><secret>HF_TOKEN</secret></secrets>; never the"
                        + " values.");
        assertDescribes(() -> JobEnvironmentCheck.check(null, List.of("HF_TOKEN"), Map.of()),
                "Secret HF_TOKEN is not set in the environment of this build.",
                "Export it before running Maven (export HF_TOKEN=...), or in Jenkins bind it with"
                        + " withCredentials([string(credentialsId: '...', variable: 'HF_TOKEN')]).");
        assertDescribes(() -> JobEnvironmentCheck.check(Map.of("HF_TOKEN", "x"), List.of("HF_TOKEN"),
                Map.of("HF_TOKEN", "hf_0123456789")), "HF_TOKEN is both in <env> and in <secrets>.",
                "Keep it in <secrets> only, so its value stays off the command line.");
        assertDescribes(() -> SkyExecutable.resolve("no-such-sky", tmp.toString()),
                "The SkyPilot CLI 'no-such-sky' is not on the PATH.", "Install the SkyPilot CLI where this build"
                        + " runs (pip install skypilot, or uv tool install skypilot),\nor point the plugin at it:"
                        + " -Dremote.sky=/path/to/sky");
        Path notExecutable = Files.createFile(tmp.resolve("sky"));
        assertDescribes(() -> SkyExecutable.resolve(notExecutable.toString(), ""),
                "The SkyPilot CLI '" + notExecutable + "' (remote.sky) is not executable.",
                "Make it executable (chmod +x " + notExecutable + ") or set -Dremote.sky to the real sky.");
        assertDescribes(() -> SyncSizeGuard.check(tmp, -1, 0, new MavenSkyLog(new SystemStreamLog())),
                "remote.syncWarnMb is -1; it must be 0 (off) or a number of MB.",
                "Set -Dremote.syncWarnMb=<MB>, e.g. -Dremote.syncWarnMb=256.");
        assertDescribes(() -> Accelerator.parse("H100:0", Setting.GPUS),
                "Invalid remote.gpus 'H100:0': the count '0' is not a positive number.",
                "For example -Dremote.gpus=H100:1 (NAME or NAME:COUNT).");
        assertDescribes(() -> Accelerator.parse("H100", Setting.ACCELERATOR).requireFits(Device.TPU,
                Setting.ACCELERATOR), "Accelerator 'H100' is not a TPU, but the device is tpu.",
                "Use a TPU name such as -Daccelerator=tpu-v6e-1 or tpu-v4-8, or -Ddevice=gpu.");
        Path missing = tmp.resolve("nope");
        assertDescribes(() -> Workdir.of(missing), "The workdir " + missing + " does not exist.",
                "Set -Dremote.workdir (or <workdir>) to the directory holding pyproject.toml.");
        assertDescribes(() -> Workdir.of(tmp).relativize("train.py", "Script", Setting.SCRIPT, true),
                "Script 'train.py' does not exist (looked for " + tmp.toRealPath().resolve("train.py") + ").",
                "Check -Dscript; paths are relative to the workdir " + tmp.toRealPath() + ".");
        assertDescribes(() -> new ClusterNameFile(tmp.resolve(".cluster_name_gpu"), Device.GPU).read(),
                "No cluster for device 'gpu': .cluster_name_gpu does not exist in " + tmp + ".",
                "Provision one:   mvn remote:provision -Ddevice=gpu -Daccelerator=H100:1\n"
                        + "or use another:  -Dcluster=<name>   (list them with: sky status)");
    }

    @Test
    void whereAClusterNameCameFromAndHowToReplaceIt() {
        SkyRunResult gone = SkyRunResults.result(1, OptionalLong.empty(), List.of(),
                List.of("sky.exceptions.ClusterDoesNotExist: Cluster 'gpu-x-12345' does not exist."), false, false,
                "");
        SkyFailedException fromFile = SkyExitCodes.clientFailure("exec", gone,
                new ClusterRef("gpu-x-12345", ".cluster_name_gpu", Device.GPU));
        assertEquals("Provision a new one: mvn remote:provision -Ddevice=gpu -Daccelerator=H100:1",
                fromFile.fix().render(MAVEN));
        SkyFailedException named = SkyExitCodes.clientFailure("exec", gone, ClusterRef.named("gpu-x-12345",
                Device.TPU));
        assertTrue(named.message().render(MAVEN).startsWith("Cluster gpu-x-12345 (from -Dcluster) no longer exists"),
                named.message().render(MAVEN));
        assertEquals("Provision a new one: mvn remote:provision -Ddevice=tpu -Daccelerator=tpu-v6e-1",
                named.fix().render(MAVEN));
    }

    @Test
    void theCoresLogLinesReachMavenSpelledForMaven() throws Exception {
        List<String> lines = new ArrayList<>();
        MavenSkyLog log = new MavenSkyLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                lines.add(content.toString());
            }
        });
        ClusterNameFile file = new ClusterNameFile(tmp.resolve(".cluster_name_gpu"), Device.GPU);
        file.write("gpu-demo-12345");
        SharedCluster shared = new SharedCluster(file, Device.GPU, new ClusterLeases(file), "1-test",
                ProcessHandle.current().pid(), null, log);
        shared.join(new SharedCluster.Membership("mvn verify", Set.of("g:a"), Set.of(), true, true), "g:a", null);
        shared.moduleDone("g:a", SharedCluster.Moment.DOWN_GOAL, true, name -> {
        });
        assertTrue(lines.contains("Cluster gpu-demo-12345 is kept (remote.keep): it stays up after the build, with"
                + " the autostop remote:provision set. Tear it down when done: sky down -y gpu-demo-12345   (or: mvn"
                + " -N remote:down -Ddevice=gpu)"), lines.toString());
    }

    /** Runs {@code call}, which must fail; its message and fix, spelled for Maven, must be these. */
    private static void assertDescribes(ThrowingCall call, String message, String fix) {
        RemoteException e = assertThrows(RemoteException.class, call::run);
        assertEquals(message, e.message().render(MAVEN));
        assertEquals(fix, e.fix().render(MAVEN));
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }
}
