package io.github.skyremote.core.job;

import io.github.skyremote.core.sky.SkyRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the frames a {@link JobEpilogue} printed when the log of a job is shown again later ({@code sky logs},
 * {@code sky jobs logs}), by a build that does not know the job's token: the frames are taken out of what is shown,
 * the report's base64 lines too, and the exit statuses are read as the epilogue reads them.
 *
 * <p>Any token is accepted here. That is safe for the one use made of it: a non-zero printed status fails the build,
 * which the job could do anyway by failing, and a printed 0 never turns a failure that {@code sky} reports into a
 * success. No report is ever taken from such a log: reports come back only to the build that holds the token.
 */
public final class JobLogFrames implements SkyRunner.LineInterceptor {
    private static final Pattern FRAME = Pattern.compile(
            "@@remote-maven-plugin:[0-9a-f]{32}:(?:exit:(\\d{1,3})|report:(begin|end))@@$");
    /** What sky puts before each job line: {@code (task, pid=N) }. */
    private static final Pattern JOB_PREFIX_ONLY = Pattern.compile("\\s*(\\([^()]*pid=\\d+[^()]*\\)\\s*)?");

    private final List<Integer> exitCodes = new ArrayList<>();
    private boolean inReport;

    @Override
    public synchronized String intercept(String line) {
        Matcher frame = FRAME.matcher(line);
        if (frame.find()) {
            if (frame.group(1) != null) {
                exitCodes.add(Integer.parseInt(frame.group(1)));
                inReport = false;
                String before = line.substring(0, frame.start());
                return JOB_PREFIX_ONLY.matcher(before).matches() ? "" : before;
            }
            inReport = "begin".equals(frame.group(2));
            return "";
        }
        return inReport ? "" : null;
    }

    /** As {@link JobEpilogue#exitStatus()}: the first non-zero status printed, else 0; empty when none was. */
    public synchronized OptionalInt exitStatus() {
        if (exitCodes.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(exitCodes.stream().filter(code -> code != 0).findFirst().orElse(0));
    }
}
