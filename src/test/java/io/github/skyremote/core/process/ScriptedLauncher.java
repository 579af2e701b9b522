package io.github.skyremote.core.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ProcessLauncher} for unit tests that plays {@code sky}: each subcommand ({@code argv[1]}) answers with its
 * scripted replies in order (the last one repeats), run as a tiny real process ({@code sh}) so that the runner's
 * timeouts, kills and interrupts work on it as on the real CLI. Every argv is recorded.
 */
public final class ScriptedLauncher implements ProcessLauncher {
    /**
     * What one call does: print stdout and stderr, then exit with the code; or print stdout and hang (until killed);
     * or wait some seconds before printing and exiting.
     *
     * @param onStart run when the call starts (e.g. to move a test clock), may be null
     */
    public record Reply(String stdout, String stderr, int exitCode, boolean hangs, int delaySeconds, Runnable onStart) {
        public static Reply ok(String stdout) {
            return new Reply(stdout, "", 0, false, 0, null);
        }

        public static Reply exit(int exitCode, String stderr) {
            return new Reply("", stderr, exitCode, false, 0, null);
        }

        public static Reply hang() {
            return new Reply("", "", 0, true, 0, null);
        }

        public Reply after(int seconds) {
            return new Reply(stdout, stderr, exitCode, hangs, seconds, onStart);
        }

        public Reply onStart(Runnable action) {
            return new Reply(stdout, stderr, exitCode, hangs, delaySeconds, action);
        }
    }

    private final Path dir;
    private final Map<String, Deque<Reply>> replies = new HashMap<>();
    private final List<List<String>> calls = new ArrayList<>();
    private final Map<String, CountDownLatch> started = new HashMap<>();
    private int files;

    public ScriptedLauncher(Path dir) {
        this.dir = dir;
    }

    /** Scripts a subcommand's replies, in call order; the last one answers every later call. */
    public synchronized ScriptedLauncher on(String subcommand, Reply... script) {
        replies.put(subcommand, new ArrayDeque<>(Arrays.asList(script)));
        return this;
    }

    @Override
    public Process start(List<String> argv, Path workingDirectory, Map<String, String> environment)
            throws IOException {
        String subcommand = argv.size() > 1 ? argv.get(1) : "";
        Reply reply;
        Path out;
        Path err;
        synchronized (this) {
            calls.add(List.copyOf(argv));
            Deque<Reply> script = replies.get(subcommand);
            if (script == null || script.isEmpty()) {
                reply = Reply.exit(99, "ScriptedLauncher: no reply scripted for sky " + subcommand);
            } else {
                reply = script.size() > 1 ? script.poll() : script.peek();
            }
            out = dir.resolve("reply-" + files + ".out");
            err = dir.resolve("reply-" + files + ".err");
            files++;
        }
        Files.writeString(out, reply.stdout(), StandardCharsets.UTF_8);
        Files.writeString(err, reply.stderr(), StandardCharsets.UTF_8);
        if (reply.onStart() != null) {
            reply.onStart().run();
        }
        String script = (reply.delaySeconds() > 0 ? "sleep " + reply.delaySeconds() + "; " : "")
                + "cat \"$1\"; cat \"$2\" >&2; " + (reply.hangs() ? "exec sleep 1000" : "exit " + reply.exitCode());
        Process process = ProcessLauncher.SYSTEM.start(List.of("sh", "-c", script, "sh", out.toString(),
                err.toString()), workingDirectory, environment);
        latch(subcommand).countDown();
        return process;
    }

    /** Every argv so far, without the executable. */
    public synchronized List<List<String>> calls() {
        List<List<String>> result = new ArrayList<>();
        for (List<String> argv : calls) {
            result.add(argv.subList(1, argv.size()));
        }
        return result;
    }

    /** The subcommands called so far, in order. */
    public synchronized List<String> subcommands() {
        return calls().stream().map(argv -> argv.get(0)).toList();
    }

    /** Waits until the subcommand has been started at least once. */
    public void awaitStart(String subcommand) throws InterruptedException {
        if (!latch(subcommand).await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("sky " + subcommand + " was not started; calls: " + calls());
        }
    }

    private synchronized CountDownLatch latch(String subcommand) {
        return started.computeIfAbsent(subcommand, s -> new CountDownLatch(1));
    }

    /** {@code sky status -o json} output listing one cluster, as SkyPilot prints it ({@code indent=2}). */
    public static String statusJson(String name, String status, int autostop, boolean toDown) {
        return "[\n  {\n    \"name\": \"" + name + "\",\n    \"status\": \"" + status + "\",\n    \"autostop\": "
                + autostop + ",\n    \"to_down\": " + toDown + ",\n    \"node_names\": [\n      [\n        \"head\"\n"
                + "      ]\n    ],\n    \"accelerators\": {\n      \"H100\": 1\n    }\n  }\n]\n";
    }

    /** What {@code sky status -o json <name>} prints for a cluster that does not exist (SkyPilot #10713). */
    public static String statusMissing(String name) {
        return "Cluster(s) not found: \u001b[1m" + name + "\u001b[0m.\n[]\n";
    }
}
