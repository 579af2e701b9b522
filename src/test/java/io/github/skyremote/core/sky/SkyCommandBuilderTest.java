package io.github.skyremote.core.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkyCommandBuilderTest {
    private static final Path WORKDIR = Path.of("/srv/proj");
    private static final String REMOTE = "export CUDA_VISIBLE_DEVICES=0; uv run --extra gpu python x.py 'a b'";

    private final SkyCommandBuilder sky = new SkyCommandBuilder("sky");

    private static SkyCommandBuilder.JobEnvironment environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ZETA", "1");
        env.put("ALPHA", "two words");
        env.put("MIDDLE", "");
        return new SkyCommandBuilder.JobEnvironment(env, List.of("HF_TOKEN", "WANDB_API_KEY"));
    }

    @Test
    void execMinimal() {
        SkyCommand command = sky.exec("gpu-x-12345", WORKDIR, null, SkyCommandBuilder.JobEnvironment.NONE, false,
                REMOTE);
        assertEquals(List.of("sky", "exec", "gpu-x-12345", "--workdir", "/srv/proj", "--", REMOTE), command.argv());
        assertEquals("exec", command.subcommand());
    }

    @Test
    void execWithGpus() {
        SkyCommand command = sky.exec("gpu-x-12345", WORKDIR, "H100:1", SkyCommandBuilder.JobEnvironment.NONE, false,
                REMOTE);
        assertEquals(List.of("sky", "exec", "gpu-x-12345", "--workdir", "/srv/proj", "--gpus", "H100:1", "--", REMOTE),
                command.argv());
        assertEquals(command.argv(), sky.exec("gpu-x-12345", WORKDIR, "H100:1",
                new SkyCommandBuilder.JobEnvironment(null, null), false, REMOTE).argv());
        assertEquals(List.of("sky", "exec", "gpu-x-12345", "--workdir", "/srv/proj", "--", REMOTE),
                sky.exec("gpu-x-12345", WORKDIR, "", SkyCommandBuilder.JobEnvironment.NONE, false, REMOTE).argv());
    }

    @Test
    void execWithEnvironmentSecretsAndDetach() {
        SkyCommand command = sky.exec("gpu-x-12345", WORKDIR, "H100:1", environment(), true, REMOTE);
        assertEquals(List.of("sky", "exec", "gpu-x-12345", "--workdir", "/srv/proj", "--gpus", "H100:1",
                "--env", "ZETA=1", "--env", "ALPHA=two words", "--env", "MIDDLE=",
                "--secret", "HF_TOKEN", "--secret", "WANDB_API_KEY",
                "--detach-run", "--", REMOTE), command.argv());
    }

    @Test
    void execPutsTheRemoteCommandAsOneElementRightAfterDoubleDash() {
        String tricky = "uv run python x.py --lr 1 -y --yes -- 'x'";
        for (boolean detach : new boolean[] {false, true}) {
            List<String> argv = sky.exec("c", WORKDIR, "H100:1", environment(), detach, tricky).argv();
            assertEquals(argv.size() - 2, argv.indexOf("--"));
            assertEquals(tricky, argv.get(argv.size() - 1));
            List<String> options = argv.subList(0, argv.size() - 1);
            assertFalse(options.contains("-y"), argv.toString());
            assertFalse(options.contains("--yes"), argv.toString());
        }
    }

    @Test
    void execMakesTheWorkdirAbsolute() {
        Path relative = Path.of("a/../b");
        List<String> argv = sky.exec("c", relative, null, SkyCommandBuilder.JobEnvironment.NONE, false, "x").argv();
        assertEquals(Path.of("b").toAbsolutePath().normalize().toString(), argv.get(4));
    }

    @Test
    void launch() {
        SkyCommand command = sky.launch(Path.of("/srv/proj/target/remote/gpu-x-12345.sky.yaml"), "gpu-x-12345",
                new SkyCommandBuilder.LaunchOptions(30, true, false), SkyCommandBuilder.JobEnvironment.NONE);
        assertEquals(List.of("sky", "launch", "/srv/proj/target/remote/gpu-x-12345.sky.yaml", "--cluster",
                "gpu-x-12345", "--yes", "--idle-minutes-to-autostop", "30", "--down"), command.argv());
    }

    @Test
    void launchWithoutAutodownWithRetryAndEnvironment() {
        SkyCommand command = sky.launch(Path.of("/t/task.yaml"), "gpu-x-12345",
                new SkyCommandBuilder.LaunchOptions(5, false, true), environment());
        assertEquals(List.of("sky", "launch", "/t/task.yaml", "--cluster", "gpu-x-12345", "--yes",
                "--idle-minutes-to-autostop", "5", "--retry-until-up",
                "--env", "ZETA=1", "--env", "ALPHA=two words", "--env", "MIDDLE=",
                "--secret", "HF_TOKEN", "--secret", "WANDB_API_KEY"), command.argv());
    }

    @Test
    void start() {
        assertEquals(List.of("sky", "start", "--yes", "--idle-minutes-to-autostop", "30", "--down", "gpu-x-12345"),
                sky.start("gpu-x-12345", new SkyCommandBuilder.LaunchOptions(30, true, false)).argv());
        assertEquals(List.of("sky", "start", "--yes", "--idle-minutes-to-autostop", "10", "--retry-until-up",
                "gpu-x-12345"), sky.start("gpu-x-12345", new SkyCommandBuilder.LaunchOptions(10, false, true)).argv());
    }

    @Test
    void down() {
        assertEquals(List.of("sky", "down", "--yes", "gpu-x-12345"), sky.down("gpu-x-12345", false).argv());
        assertEquals(List.of("sky", "down", "--yes", "--purge", "gpu-x-12345"), sky.down("gpu-x-12345", true).argv());
    }

    @Test
    void stop() {
        assertEquals(List.of("sky", "stop", "--yes", "gpu-x-12345"), sky.stop("gpu-x-12345").argv());
    }

    @Test
    void status() {
        assertEquals(List.of("sky", "status", "--refresh", "--output", "json", "gpu-x-12345"),
                sky.status("gpu-x-12345", true, true).argv());
        assertEquals(List.of("sky", "status", "--output", "json", "gpu-x-12345"),
                sky.status("gpu-x-12345", true, false).argv());
        assertEquals(List.of("sky", "status", "--refresh", "gpu-x-12345"),
                sky.status("gpu-x-12345", false, true).argv());
        assertEquals(List.of("sky", "status", "gpu-x-12345"), sky.status("gpu-x-12345", false, false).argv());
    }

    @Test
    void cancel() {
        assertEquals(List.of("sky", "cancel", "--yes", "gpu-x-12345", "7"), sky.cancel("gpu-x-12345", 7).argv());
    }

    @Test
    void version() {
        assertEquals(List.of("sky", "--version"), sky.version().argv());
        assertEquals(List.of("/opt/sky/bin/sky", "--version"), new SkyCommandBuilder("/opt/sky/bin/sky").version()
                .argv());
    }

    @Test
    void everyPromptingCommandGetsYes() {
        SkyCommandBuilder.LaunchOptions options = new SkyCommandBuilder.LaunchOptions(30, true, false);
        for (SkyCommand command : List.of(sky.launch(Path.of("/t.yaml"), "c", options,
                SkyCommandBuilder.JobEnvironment.NONE), sky.start("c", options), sky.down("c", false),
                sky.stop("c"), sky.autostop("c", 30, true), sky.cancel("c", 1))) {
            assertEquals(1, command.argv().stream().filter("--yes"::equals).count(), command.display());
        }
    }

    @Test
    void displayQuotesForCopyAndPaste() {
        SkyCommand command = sky.exec("gpu-x-12345", Path.of("/srv/my proj"), null,
                new SkyCommandBuilder.JobEnvironment(Map.of("MSG", "it's $HOME"), List.of("HF_TOKEN")), false, REMOTE);
        assertEquals("sky exec gpu-x-12345 --workdir '/srv/my proj' --env 'MSG=it'\"'\"'s $HOME' --secret HF_TOKEN"
                + " -- 'export CUDA_VISIBLE_DEVICES=0; uv run --extra gpu python x.py '\"'\"'a b'\"'\"''",
                command.display());
        assertEquals(command.display(), command.toString());
        assertEquals(command.argv(), ShellWords.split(command.display()));
        assertEquals("sky down --yes gpu-x-12345", sky.down("gpu-x-12345", false).display());
    }

    @Test
    void withExecutableReplacesOnlyArgvZero() {
        SkyCommand command = sky.cancel("c", 7).withExecutable("/usr/local/bin/sky");
        assertEquals(List.of("/usr/local/bin/sky", "cancel", "--yes", "c", "7"), command.argv());
    }

    @Test
    void argvIsACopyAndImmutable() {
        List<String> argv = new ArrayList<>(List.of("sky", "status"));
        SkyCommand command = new SkyCommand(argv);
        argv.add("more");
        assertEquals(List.of("sky", "status"), command.argv());
        assertThrows(UnsupportedOperationException.class, () -> command.argv().add("x"));
        assertEquals("", new SkyCommand(List.of("sky")).subcommand());
    }
}
