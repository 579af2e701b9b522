package io.github.skyremote.core.job;

import io.github.skyremote.core.sky.SkyRunner;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code sky jobs launch} and {@code sky jobs logs} print about a managed job (SkyPilot 0.14.1,
 * {@code sky/jobs/utils.py stream_logs_by_id}, {@code sky/utils/ux_utils.py command_hint_messages}), read line by line
 * as they stream:
 *
 * <ul>
 *   <li>the id, from {@code Managed Job ID: N} (the hint block after the submission) or
 *       {@code Managed job finished: N (status: S).}: never from {@code Job submitted, ID: N}, which is the id of the
 *       jobs controller's own job, not the managed job's;</li>
 *   <li>the managed status, from {@code Managed job finished: N (status: S).} (the end of a followed job),
 *       {@code Job N is already in terminal state S.} (a job that ended before it was followed, without a log) or
 *       {@code Job finished (status: S).} (a finished job's log printed again);</li>
 *   <li>{@code Failure reason: ...}, and how many times the job's cluster was preempted or failed ({@code The job
 *       cluster is preempted or failed.}): SkyPilot then recovers the job (RECOVERING), which is progress.</li>
 * </ul>
 *
 * Lines are passed on to the next interceptor (the job's {@link JobEpilogue}) and shown as they are.
 */
public final class ManagedJobOutput implements SkyRunner.LineInterceptor {
    private static final Pattern ID = Pattern.compile("^Managed Job ID: (\\d+)\\s*$");
    private static final Pattern FINISHED = Pattern.compile("^\\W*Managed job finished: (\\d+) \\(status: ([A-Z_]+)\\)");
    private static final Pattern ALREADY = Pattern.compile("^Job (\\d+) is already in terminal state ([A-Z_]+)\\b");
    private static final Pattern LOG_FINISHED = Pattern.compile("^\\W*Job finished \\(status: ([A-Z_]+)\\)");
    private static final Pattern REASON = Pattern.compile("^Failure reason: (.*)$");
    private static final String PREEMPTED = "The job cluster is preempted or failed.";

    private final SkyRunner.LineInterceptor next;
    private final Consumer<String> notice;
    private Long id;
    private String status;
    private String logStatus;
    private String failureReason;
    private int preemptions;

    /**
     * @param next the interceptor of the job's own frames
     * @param notice says what a line means for the build (a recovery), in the build's words
     */
    public ManagedJobOutput(SkyRunner.LineInterceptor next, Consumer<String> notice) {
        this(next, notice, OptionalLong.empty());
    }

    /** @param known the job's id when the caller knows it already (following a job it submitted) */
    public ManagedJobOutput(SkyRunner.LineInterceptor next, Consumer<String> notice, OptionalLong known) {
        this.next = next;
        this.notice = notice;
        this.id = known.isPresent() ? known.getAsLong() : null;
    }

    @Override
    public String intercept(String line) {
        String kept = next.intercept(line);
        if (kept != null) {
            return kept; // a frame of the job's epilogue: not sky's
        }
        String text = line.strip();
        boolean preempted = false;
        synchronized (this) {
            Matcher m;
            if ((m = ID.matcher(text)).find()) {
                id = Long.parseLong(m.group(1));
            } else if ((m = FINISHED.matcher(text)).find()) {
                id = Long.parseLong(m.group(1));
                status = m.group(2);
            } else if ((m = ALREADY.matcher(text)).find()) {
                id = id == null ? Long.valueOf(m.group(1)) : id;
                status = m.group(2);
            } else if ((m = LOG_FINISHED.matcher(text)).find()) {
                logStatus = m.group(1);
            } else if ((m = REASON.matcher(text)).find()) {
                failureReason = m.group(1).strip();
            } else if (text.equals(PREEMPTED)) {
                preemptions++;
                preempted = true;
            }
        }
        if (preempted) {
            notice.accept("The managed job's cluster was preempted or failed" + (id == null ? "" : " (job " + id + ")")
                    + ": SkyPilot recovers it on a new cluster (RECOVERING) and the job starts again; still"
                    + " following it.");
        }
        return null;
    }

    /** The managed job's id, once printed. */
    public synchronized OptionalLong jobId() {
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /**
     * The managed job's status as printed at its end: {@code Managed job finished} or {@code already in terminal state},
     * else the {@code Job finished} line of a finished job's log.
     */
    public synchronized Optional<String> status() {
        return Optional.ofNullable(status != null ? status : logStatus);
    }

    public synchronized Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }

    /** How often the job's cluster was preempted (or failed) and recovered while it was followed. */
    public synchronized int preemptions() {
        return preemptions;
    }
}
