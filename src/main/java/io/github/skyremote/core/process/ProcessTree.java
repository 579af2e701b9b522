package io.github.skyremote.core.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Kills a client process with the processes it started itself: the root and those of its descendants that stayed in
 * its process group and session. A descendant that started its own session or process group, and everything below
 * it, is left alone: such a process is a server meant to outlive its client, as SkyPilot's local API server, which
 * the first {@code sky} call on a machine starts with {@code start_new_session=True} and which serves every other
 * build of the user (docs/reliability.md). The processes are listed first (children are re-parented once their parent
 * dies), asked to stop, then killed when they do not within a grace period.
 *
 * <p>Group and session come from {@code /proc/<pid>/stat} (Java's ProcessHandle has neither). Where {@code /proc} is
 * missing (macOS, BSD) only the root is killed: its own children cannot be told apart from a server there, and a child
 * left to end with its pipes costs less than every build's requests.
 */
final class ProcessTree {
    private static final long KILL_GRACE_MILLIS = 3_000;

    private ProcessTree() {
    }

    static void kill(ProcessHandle root) {
        List<ProcessHandle> all = ownProcesses(root);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.currentTimeMillis() + KILL_GRACE_MILLIS;
        for (ProcessHandle handle : all) {
            long left = deadline - System.currentTimeMillis();
            if (left > 0) {
                try {
                    handle.onExit().get(left, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    // Still alive or not waitable: forced below.
                }
            }
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The root first, then its descendants in its own process group and session. */
    static List<ProcessHandle> ownProcesses(ProcessHandle root) {
        List<ProcessHandle> own = new ArrayList<>();
        own.add(root);
        Optional<long[]> rootIds = groupAndSession(root.pid());
        if (rootIds.isEmpty()) {
            return own; // no /proc, or the root is gone (its children were re-parented: none is listed)
        }
        Deque<ProcessHandle> todo = new ArrayDeque<>(root.children().toList());
        while (!todo.isEmpty()) {
            ProcessHandle next = todo.poll();
            Optional<long[]> ids = groupAndSession(next.pid());
            if (ids.isPresent() && ids.get()[0] == rootIds.get()[0] && ids.get()[1] == rootIds.get()[1]) {
                own.add(next);
                todo.addAll(next.children().toList());
            }
            // Otherwise it has its own group or session (a server), or it is gone: skip it and its subtree.
        }
        return own;
    }

    /** {pgrp, session} from Linux's {@code /proc/<pid>/stat}; empty when there is no /proc or the process is gone. */
    static Optional<long[]> groupAndSession(long pid) {
        String text;
        try {
            text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return parseStat(text);
    }

    /** Fields after the command name, which is in parentheses and may itself hold spaces and ')'. */
    static Optional<long[]> parseStat(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        // state ppid pgrp session ...
        if (fields.length < 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new long[] {Long.parseLong(fields[2]), Long.parseLong(fields[3])});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
