package io.github.skyremote.core.job;

import io.github.skyremote.core.sky.ShellWords;
import java.util.ArrayList;
import java.util.List;

/**
 * The command the job runs on the cluster, as ONE string for {@code sky exec ... -- "<command>"}:
 * {@code [export CUDA_VISIBLE_DEVICES=..; ]uv run [--group G]... --extra E python <script|-m pytest ..> [args]}.
 * Every word is POSIX-quoted, so it reaches the remote process byte for byte.
 */
public final class RemoteCommand {
    private RemoteCommand() {
    }

    /**
     * @param cudaVisibleDevices value to export first; null or empty for no export
     * @param groups uv dependency groups, in order
     * @param extra the uv extra (the device's)
     * @param pythonArgs what follows {@code python}: the script and its arguments, or {@code -m pytest ...}
     */
    public static String compose(String cudaVisibleDevices, List<String> groups, String extra,
            List<String> pythonArgs) {
        List<String> words = new ArrayList<>(List.of("uv", "run"));
        for (String group : groups) {
            words.add("--group");
            words.add(group);
        }
        words.add("--extra");
        words.add(extra);
        words.add("python");
        words.addAll(pythonArgs);
        String command = ShellWords.join(words);
        if (cudaVisibleDevices != null && !cudaVisibleDevices.isEmpty()) {
            command = "export CUDA_VISIBLE_DEVICES=" + ShellWords.quote(cudaVisibleDevices) + "; " + command;
        }
        return command;
    }
}
