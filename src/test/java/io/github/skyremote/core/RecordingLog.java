package io.github.skyremote.core;

import java.util.ArrayList;
import java.util.List;

/** A {@link SkyLog} that keeps every line per level, for assertions. */
public final class RecordingLog implements SkyLog {
    public final List<String> info = new ArrayList<>();
    public final List<String> warn = new ArrayList<>();
    public final List<String> error = new ArrayList<>();
    public final List<String> debug = new ArrayList<>();

    @Override
    public synchronized void info(String line) {
        info.add(line);
    }

    @Override
    public synchronized void warn(String line) {
        warn.add(line);
    }

    @Override
    public synchronized void error(String line) {
        error.add(line);
    }

    @Override
    public synchronized void debug(String line) {
        debug.add(line);
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    public synchronized List<String> info() {
        return List.copyOf(info);
    }

    public synchronized List<String> warn() {
        return List.copyOf(warn);
    }

    public synchronized List<String> all() {
        List<String> all = new ArrayList<>(info);
        all.addAll(warn);
        all.addAll(error);
        all.addAll(debug);
        return all;
    }
}
