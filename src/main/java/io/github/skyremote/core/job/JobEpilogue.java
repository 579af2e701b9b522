package io.github.skyremote.core.job;

import io.github.skyremote.core.sky.ShellWords;
import io.github.skyremote.core.sky.SkyRunner;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * What the remote command prints after the program has exited, and reads it back from the job's output: the
 * program's own exit status (SkyPilot can report a failed script as SUCCEEDED, issue #8928, and never passes the
 * script's code through, #4846) and, for pytest, its report file base64-encoded. Each line carries a random token of
 * this run, which appears nowhere but in the words of the outer shell: not in the program's argv, environment or
 * files, so a program cannot print a frame that is taken.
 *
 * <p>Order is checked too: a report is taken only when it follows an exit frame, and every exit frame discards what
 * came before it, so the report taken is the one printed after the program exited. A frame printed while the program
 * runs is superseded by the real one that follows it.
 */
public final class JobEpilogue implements SkyRunner.LineInterceptor {
    private static final String MARK = "@@remote-maven-plugin:";
    /** Upper bound on the encoded report we keep: far above any real suite, far below trouble. */
    private static final int MAX_ENCODED_CHARS = 256 * 1024 * 1024;
    /** What sky puts before each job line: {@code (task, pid=N) } or {@code (worker1, rank=1, pid=N, ip=..) }. */
    private static final Pattern JOB_PREFIX_ONLY = Pattern.compile("\\s*(\\([^()]*pid=\\d+[^()]*\\)\\s*)?");

    private enum State { BEFORE_EXIT, AFTER_EXIT, IN_REPORT, REPORT_COMPLETE }

    private final String exitMark;
    private final String reportBegin;
    private final String reportEnd;
    private final String reportDirectory;
    private final List<Integer> exitCodes = new ArrayList<>();
    private final StringBuilder encoded = new StringBuilder();
    /** Volatile for {@link #concerns}, which the pump calls without the lock. */
    private volatile State state = State.BEFORE_EXIT;
    private boolean overflow;

    /**
     * @param token the secret word of the frames; hex
     * @param reportId names the report's directory on the cluster; random too, and NOT derived from the token,
     *        because the program sees the report's path
     */
    public JobEpilogue(String token, String reportId) {
        this.exitMark = MARK + token + ":exit:";
        this.reportBegin = MARK + token + ":report:begin@@";
        this.reportEnd = MARK + token + ":report:end@@";
        this.reportDirectory = "/tmp/remote-maven-plugin-" + reportId;
    }

    /** A new epilogue with its own random token and report directory. */
    public static JobEpilogue create() {
        SecureRandom random = new SecureRandom(); // not getSeed(): that may block on an entropy-starved CI host
        return new JobEpilogue(randomHex(random), randomHex(random));
    }

    private static String randomHex(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Where the program writes the report to send back (its directory is made by the program and removed after). */
    public String reportFile() {
        return reportDirectory + "/report.xml";
    }

    /**
     * The remote command followed by the epilogue: the exit frame, then (with {@code sendReport}) the report file
     * between its markers, then the program's exit status as the job's. The token stays in the shell's own words.
     */
    public String wrap(String remoteCommand, boolean sendReport) {
        StringBuilder out = new StringBuilder(remoteCommand)
                .append("; rmp_rc=$?; echo ").append(exitMark).append("${rmp_rc}@@");
        if (sendReport) {
            String file = ShellWords.quote(reportFile());
            out.append("; if [ -f ").append(file).append(" ]; then echo ").append(reportBegin)
                    .append("; base64 ").append(file).append("; echo ").append(reportEnd)
                    .append("; fi; rm -rf ").append(ShellWords.quote(reportDirectory));
        }
        return out.append("; exit $rmp_rc").toString();
    }

    /** Only lines with {@code @@} (every frame ends in it) and, inside a report, every line concern the epilogue. */
    @Override
    public boolean concerns(byte[] line, int length) {
        if (state == State.IN_REPORT) {
            return true;
        }
        for (int i = 0; i + 1 < length; i++) {
            if (line[i] == '@' && line[i + 1] == '@') {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes the frames out of the job's stdout (lines ANSI stripped, not masked). An exit frame may share its line
     * with the program's last output when that did not end in a newline: the output before the frame is kept.
     */
    @Override
    public synchronized String intercept(String line) {
        int exitAt = line.endsWith("@@") ? line.lastIndexOf(exitMark) : -1;
        if (exitAt >= 0) {
            String code = line.substring(exitAt + exitMark.length(), line.length() - 2);
            if (code.matches("\\d{1,3}")) {
                exitCodes.add(Integer.parseInt(code));
                state = State.AFTER_EXIT; // the last exit frame wins: whatever came before it is discarded
                encoded.setLength(0);
                overflow = false;
                String before = line.substring(0, exitAt);
                return JOB_PREFIX_ONLY.matcher(before).matches() ? "" : before;
            }
        }
        switch (state) {
            case AFTER_EXIT:
                if (line.endsWith(reportBegin)) {
                    state = State.IN_REPORT;
                    return "";
                }
                return null;
            case IN_REPORT:
                if (line.endsWith(reportEnd)) {
                    state = State.REPORT_COMPLETE;
                    return "";
                }
                // Job lines carry sky's "(task, pid=N) " prefix; base64 has no spaces, so the payload is the last word.
                String payload = line.substring(line.lastIndexOf(' ') + 1).trim();
                if (encoded.length() + payload.length() > MAX_ENCODED_CHARS) {
                    overflow = true;
                } else {
                    encoded.append(payload);
                }
                return "";
            default:
                return null;
        }
    }

    /**
     * The program's exit status as it printed it: the first non-zero code of all exit frames (a multi-node job
     * prints one per node), else 0; empty when no frame came back (detached, killed, or the command never ran).
     */
    public synchronized OptionalInt exitStatus() {
        if (exitCodes.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(exitCodes.stream().filter(code -> code != 0).findFirst().orElse(0));
    }

    /** True when a whole report came back after the last exit frame. */
    public synchronized boolean reportReceived() {
        return state == State.REPORT_COMPLETE && !overflow;
    }

    /** The report's bytes; call only when {@link #reportReceived()}. */
    public synchronized byte[] report() throws java.io.IOException {
        try {
            return Base64.getMimeDecoder().decode(encoded.toString());
        } catch (IllegalArgumentException e) {
            throw new java.io.IOException("the report sent back by the job is not valid base64: " + e.getMessage(), e);
        }
    }
}
