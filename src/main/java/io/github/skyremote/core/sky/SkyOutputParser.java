package io.github.skyremote.core.sky;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code sky} prints, line by line as it arrives (ANSI stripped, not masked), for what the plugin acts on:
 * the job id ({@code Job submitted, ID: N}), the job's return codes ({@code Job N failed with return code list: [..]}),
 * the API request's id ({@code Submitted sky.exec request: <id>}, or the {@code sky api cancel <id>} hint SkyPilot
 * prints when Ctrl+C reaches it during a request) and click's {@code Aborted!} (docs/reliability.md). Thread-safe: both
 * streams' pumps feed it.
 */
final class SkyOutputParser {
    private static final Pattern JOB_ID = Pattern.compile("Job submitted, ID: (\\d+)");
    private static final Pattern RETURN_CODES = Pattern.compile(
            "Job (\\d+) failed with return code list: \\[([^\\]]*)\\]");
    private static final Pattern REQUEST_ID = Pattern.compile(
            "(?:Submitted \\S+ request: |sky api cancel )([0-9A-Fa-f][0-9A-Fa-f-]{7,})");
    private static final byte[] JOB = "Job".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST = "request: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] API_CANCEL = "api cancel ".getBytes(StandardCharsets.US_ASCII);

    private volatile Long jobId;
    private volatile String requestId;
    private volatile String lastErrorLine = "";
    private final List<Integer> returnCodes = new ArrayList<>();

    /**
     * False when a stdout line cannot hold anything parsed here (no {@code Job}, {@code request: } or
     * {@code api cancel }), so that it need not be decoded; stderr lines are all read (the last one may be
     * {@code Aborted!}). Allocates nothing.
     */
    boolean concerns(byte[] line, int length, boolean stderr) {
        if (stderr) {
            return true;
        }
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if ((b == 'J' && startsAt(line, length, i, JOB)) || (b == 'r' && startsAt(line, length, i, REQUEST))
                    || (b == 'a' && startsAt(line, length, i, API_CANCEL))) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsAt(byte[] line, int length, int at, byte[] word) {
        if (at + word.length > length) {
            return false;
        }
        for (int k = 1; k < word.length; k++) {
            if (line[at + k] != word[k]) {
                return false;
            }
        }
        return true;
    }

    /** @param plain a line or a piece of one, ANSI stripped, secrets not masked */
    void line(String plain, boolean stderr) {
        if (stderr) {
            lastErrorLine = plain;
        }
        if (jobId == null) {
            Matcher m = JOB_ID.matcher(plain);
            if (m.find()) {
                jobId = parseId(m.group(1));
                return;
            }
        }
        if (plain.contains("failed with return code list")) {
            Matcher m = RETURN_CODES.matcher(plain);
            if (m.find() && (jobId == null || jobId.equals(parseId(m.group(1))))) {
                returnCodes(m.group(2));
            }
        }
        if (requestId == null && (plain.contains("request: ") || plain.contains("api cancel "))) {
            Matcher m = REQUEST_ID.matcher(plain);
            if (m.find()) {
                requestId = m.group(1);
            }
        }
    }

    private synchronized void returnCodes(String list) {
        returnCodes.clear();
        for (String code : list.split(",")) {
            if (!code.isBlank()) {
                try {
                    returnCodes.add(Integer.parseInt(code.trim()));
                } catch (NumberFormatException e) {
                    // Not a code list after all; ignore.
                }
            }
        }
    }

    OptionalLong jobId() {
        Long id = jobId;
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    synchronized List<Integer> returnCodes() {
        return List.copyOf(returnCodes);
    }

    /** The id of sky's API request, when it printed one (with {@code --async}, or on Ctrl+C during the request). */
    Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /**
     * sky ended with click's {@code Aborted!} and exit code 1: with stdin empty and {@code -y} on every prompting
     * command, only a SIGINT (Ctrl+C to the process group) gets it there. The job or request it was following keeps
     * running (SkyPilot's CLI catches KeyboardInterrupt and detaches), so it must be cleaned up as on an interrupt.
     */
    boolean abortedBySignal(int exitCode) {
        return exitCode == 1 && lastErrorLine.strip().equals("Aborted!");
    }

    /** A job id as sky prints it; null when it does not fit a long (SkyPilot's ids do; a corrupt line may not). */
    static Long parseId(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
