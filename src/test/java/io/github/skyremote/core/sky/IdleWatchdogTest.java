package io.github.skyremote.core.sky;

import io.github.skyremote.core.RecordingLog;
import io.github.skyremote.core.process.ProcessLauncher;
import io.github.skyremote.core.process.SecretMasker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The idle notice, driven by a hand-moved clock: no test sleeps for the 30 s. */
class IdleWatchdogTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> reported = new ArrayList<>();

    private IdleWatchdog watchdog(String awaited) {
        return new IdleWatchdog(Duration.ofSeconds(30), now::get, () -> awaited, reported::add);
    }

    private void advance(long seconds) {
        now.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }

    @Test
    void aFastCommandAddsNothing() {
        IdleWatchdog w = watchdog("sky exec on c");
        advance(29);
        w.check();
        assertEquals(List.of(), reported);
    }

    @Test
    void aCommandThatKeepsPrintingAddsNothing() {
        IdleWatchdog w = watchdog("sky exec on c");
        for (int i = 0; i < 20; i++) {
            advance(20);
            w.output();
            w.check();
        }
        assertEquals(List.of(), reported, "400 s of a job printing every 20 s");
    }

    @Test
    void silenceGetsOneLinePerIntervalWithWhatIsAwaitedAndTheElapsedTime() {
        IdleWatchdog w = watchdog("sky launch of gpu-demo-12345 (provisioning a cluster takes minutes)");
        advance(10);
        w.output();
        advance(30);
        w.check();
        w.check(); // checked again at once: still one line
        assertEquals(List.of("Still waiting for sky launch of gpu-demo-12345 (provisioning a cluster takes minutes):"
                + " nothing printed for 30 s, 40 s since it started."), reported);
        advance(29);
        w.check();
        assertEquals(1, reported.size(), "the next line only after another full interval");
        advance(1);
        w.check();
        assertEquals("Still waiting for sky launch of gpu-demo-12345 (provisioning a cluster takes minutes):"
                + " nothing printed for 1 min 00 s, 1 min 10 s since it started.", reported.get(1));
        for (String line : reported) {
            assertFalse(line.contains("\u001b"), "no ANSI: " + line);
            assertFalse(line.contains("\r"), "no spinner: " + line);
        }
    }

    @Test
    void outputResetsTheSilence() {
        IdleWatchdog w = watchdog("x");
        advance(25);
        w.output();
        advance(25);
        w.check();
        assertEquals(List.of(), reported);
        advance(5);
        w.check();
        assertEquals(1, reported.size());
    }

    @Test
    void zeroIntervalNeverReports() {
        IdleWatchdog w = new IdleWatchdog(Duration.ZERO, now::get, () -> "x", reported::add);
        advance(3600);
        w.check();
        assertEquals(List.of(), reported);
        assertTrue(IdleWatchdog.start(Duration.ZERO, new SkyCommand(List.of("sky", "exec")), OptionalLong::empty,
                reported::add) == IdleWatchdog.OFF);
    }

    @Test
    void describesWhatEachCommandWaitsFor() {
        SkyCommandBuilder b = new SkyCommandBuilder("sky");
        assertEquals("sky exec on gpu-a-12345 (syncing the workdir and submitting the job)", IdleWatchdog.describe(
                new SkyCommand(List.of("sky", "exec", "gpu-a-12345", "--workdir", "/w", "--", "cmd")),
                OptionalLong.empty()));
        assertEquals("job 7 on gpu-a-12345 (queued for resources, or running without printing)", IdleWatchdog.describe(
                new SkyCommand(List.of("sky", "exec", "gpu-a-12345", "--workdir", "/w", "--", "cmd")),
                OptionalLong.of(7)));
        assertEquals("sky launch of gpu-a-12345 (provisioning a cluster takes minutes)", IdleWatchdog.describe(
                new SkyCommand(List.of("sky", "launch", "/t.yaml", "--cluster", "gpu-a-12345", "--yes")),
                OptionalLong.empty()));
        assertEquals("sky down of gpu-a-12345 (the cloud is releasing the resources)", IdleWatchdog.describe(
                b.down("gpu-a-12345", false), OptionalLong.empty()));
        assertEquals("sky status gpu-a-12345", IdleWatchdog.describe(b.status("gpu-a-12345", true, false),
                OptionalLong.empty()));
    }

    @Test
    void durations() {
        assertEquals("0 s", IdleWatchdog.duration(0));
        assertEquals("59 s", IdleWatchdog.duration(Duration.ofSeconds(59).toNanos()));
        assertEquals("2 min 05 s", IdleWatchdog.duration(Duration.ofSeconds(125).toNanos()));
        assertEquals("1 h 02 min", IdleWatchdog.duration(Duration.ofMinutes(62).toNanos()));
    }

    @Test
    void theRunnerReportsASilentSkyWithThePrefixAndNothingForAFastOne(@TempDir Path tmp) throws Exception {
        Path sky = tmp.resolve("sky");
        Files.writeString(sky, "#!/bin/bash\necho \"Submitting job\"\nsleep 2\necho done\n");
        Files.setPosixFilePermissions(sky, PosixFilePermissions.fromString("rwxr-xr-x"));
        SkyCommand command = new SkyCommand(List.of(sky.toString(), "exec", "gpu-a-12345"));
        SkyRunSettings settings = SkyRunSettings.builder().linePrefix("[mod] ").build();

        RecordingLog quiet = new RecordingLog();
        new SkyRunner(ProcessLauncher.SYSTEM, tmp, quiet, 10).withIdleNotice(Duration.ofMillis(300))
                .run(command, settings);
        List<String> notices = quiet.info().stream().filter(l -> l.contains("Still waiting")).toList();
        assertFalse(notices.isEmpty(), "2 s of silence with a 0.3 s interval: " + quiet.info());
        assertTrue(notices.get(0).startsWith("[mod] Still waiting for sky exec on gpu-a-12345 (syncing the workdir"
                + " and submitting the job): nothing printed for "), notices.get(0));

        Path chatty = tmp.resolve("chatty");
        Files.writeString(chatty, "#!/bin/bash\nfor i in $(seq 25); do echo tick $i; sleep 0.1; done\n");
        Files.setPosixFilePermissions(chatty, PosixFilePermissions.fromString("rwxr-xr-x"));
        RecordingLog talking = new RecordingLog();
        new SkyRunner(ProcessLauncher.SYSTEM, tmp, talking, 10).withIdleNotice(Duration.ofSeconds(1))
                .run(new SkyCommand(List.of(chatty.toString(), "exec", "gpu-a-12345")), settings);
        assertEquals(25, talking.info().size(), "a line every 0.1 s is never 1 s of silence: " + talking.info());

        RecordingLog fast = new RecordingLog();
        new SkyRunner(ProcessLauncher.SYSTEM, tmp, fast, 10).run(command, settings);
        assertEquals(List.of("[mod] Submitting job", "[mod] done"), fast.info(), "the default 30 s: nothing extra");
    }
}
