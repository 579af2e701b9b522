package io.github.skyremote.core.job;

import io.github.skyremote.core.process.Outcome;
import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.sky.SkyExitCodes;
import io.github.skyremote.core.sky.SkyRunResult;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What a finished {@code sky exec} means for the build, for a cluster job and for a pytest run side by side. A job's
 * outcome comes from {@code sky}'s exit code (docs/skypilot-facts.md#exit-codes: 0 ok; 100 job failed; 101/102/103 not
 * finished / not found / cancelled) and from the exit status the job printed itself ({@link JobEpilogue}), which
 * wins when non-zero (SkyPilot can report a failed script as SUCCEEDED, #8928). Every other exit code is {@code sky}
 * or the cluster, not the job: {@link SkyExitCodes#clientFailure}. A pytest run then tells pytest's own exit codes
 * apart: 1 tests failed, 2 interrupted, 3 internal error, 4 usage error, 5 no tests collected.
 */
public final class JobOutcomes {
    private static final int FAILED_NAMES_SHOWN = 10;

    private JobOutcomes() {
    }

    /** What a job was, for messages: "train.py" or "pytest tests". */
    public record JobContext(ClusterRef cluster, String what, Path logFile) {
    }

    /**
     * How a pytest run's outcome is judged.
     *
     * @param testPath as the user gave it, for messages
     * @param failIfNoTests pytest's exit code 5 (no tests collected) fails the build
     * @param ignoreTestFailures pytest's exit code 1 (tests failed) is reported without failing the build
     * @param detached the job was only submitted: no report and no exit code of pytest come back
     * @param reportFile where the JUnit report is saved, for messages
     */
    public record PytestRules(String testPath, boolean failIfNoTests, boolean ignoreTestFailures, boolean detached,
            Path reportFile) {
    }

    /** Checks the result of {@code sky exec} when the job did not report its own exit status. */
    public static void checkJob(SkyRunResult result, JobContext job) throws JobFailedException, SkyFailedException {
        checkJob(result, job, OptionalInt.empty());
    }

    /**
     * Checks the result of {@code sky exec}, with the exit status the job printed itself ({@link JobEpilogue}): a
     * non-zero one fails the build whatever sky says (SkyPilot can report a failed script as SUCCEEDED, #8928); a
     * zero one never turns a failure that sky reports into a success.
     */
    public static void checkJob(SkyRunResult result, JobContext job, OptionalInt printedExit)
            throws JobFailedException, SkyFailedException {
        String cluster = job.cluster().name();
        String id = result.jobId().isPresent() ? Long.toString(result.jobId().getAsLong()) : null;
        String jobName = id == null ? "Remote job" : "Remote job " + id;
        String logHint = "Log: " + job.logFile() + (id == null ? "" : "    Re-attach: sky logs " + cluster + " " + id);
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            Message why = result.outcome() instanceof Outcome.TimedOut ? Message.of("did not finish within the timeout (",
                    Setting.TIMEOUT.named(), ")") : Message.of("was interrupted");
            String done = result.cleanup().isEmpty() ? "" : ": " + result.cleanup();
            // Without a job id the request may still have reached SkyPilot's API server, which submits the job even
            // though its client was killed (docs/skypilot-facts.md#ctrl-c-and-kill): say how to find it rather than
            // that nothing was submitted.
            throw new JobFailedException(Message.of(jobName + " on " + cluster + " (" + job.what() + ") ", why,
                    done + "."), Message.of(id == null ? logHint + "\nCheck whether it was submitted anyway: sky queue "
                            + cluster + "    Cancel it: sky cancel -y " + cluster + " <JOB_ID>"
                            : logHint + "\nCheck the job: sky queue " + cluster));
        }
        if (printedExit.isPresent() && printedExit.getAsInt() != 0) {
            String skySaid = exited.code() == 0 ? " (sky reported the job as SUCCEEDED; the code is the one the"
                    + " job printed itself)" : "";
            throw new JobFailedException(jobName + " on " + cluster + " failed: " + job.what() + " exited with code "
                    + printedExit.getAsInt() + skySaid + ".", logHint);
        }
        switch (exited.code()) {
            case 0:
                return;
            case 100:
                String codes = result.returnCodes().isEmpty() ? "a non-zero code"
                        : (result.returnCodes().size() == 1 ? "code " + result.returnCodes().get(0)
                                : "codes " + result.returnCodes().stream().map(String::valueOf)
                                        .collect(Collectors.joining(", ")));
                String setup = result.tailContains("setup failed") ? " (its setup failed)" : "";
                throw new JobFailedException(jobName + " on " + cluster + " failed" + setup + ": " + job.what()
                        + " exited with " + codes + ".", logHint);
            case 101:
                throw new JobFailedException(jobName + " on " + cluster + " had not finished when sky stopped"
                        + " following it.", logHint + "\nFollow it: sky logs " + cluster + (id == null ? "" : " " + id));
            case 102:
                throw new JobFailedException(jobName + " on " + cluster + " was not found on the cluster.",
                        "List the cluster's jobs: sky queue " + cluster);
            case 103:
                throw new JobFailedException(jobName + " on " + cluster + " was cancelled.", logHint);
            default:
                throw SkyExitCodes.clientFailure("exec", result, job.cluster());
        }
    }

    /**
     * The program's own exit code when the job ran to its end: the one it printed when non-zero, else 0 when sky
     * reports success, else sky's first non-zero return code; empty when it is not known (timeout, interrupt, a
     * failure of sky or the cluster).
     */
    public static OptionalInt programExit(SkyRunResult result, OptionalInt printedExit) {
        if (!(result.outcome() instanceof Outcome.Exited exited)) {
            return OptionalInt.empty();
        }
        if (printedExit.isPresent() && printedExit.getAsInt() != 0) {
            return printedExit;
        }
        if (exited.code() == 0) {
            return OptionalInt.of(0);
        }
        if (exited.code() == 100) {
            return result.returnCodes().stream().mapToInt(Integer::intValue).filter(code -> code != 0).findFirst();
        }
        return OptionalInt.empty();
    }

    /**
     * Checks a pytest run. When pytest ran to its end (its exit code is known) the report is read and summarized
     * (Surefire style, with the first failed tests), then pytest's exit code decides; otherwise, and for a detached
     * run, the run is checked as any job ({@link #checkJob}). Failures the rules accept are logged, not thrown.
     *
     * @param report reads the JUnit report that came back, empty when none did; called only when pytest ran to its end
     */
    public static void checkPytest(SkyRunResult result, JobContext job, OptionalInt printedExit, PytestRules rules,
            Supplier<Optional<JunitReport>> report, SkyLog log) throws JobFailedException, SkyFailedException {
        OptionalInt exit = programExit(result, printedExit);
        if (exit.isEmpty() || rules.detached()) {
            checkJob(result, job, printedExit);
            return;
        }
        int pytestExit = exit.getAsInt();
        String cluster = job.cluster().name();
        Optional<JunitReport> received = report.get();
        received.ifPresent(r -> printSummary(r, cluster, rules.reportFile(), log));
        String logHint = (received.isPresent() ? "Report: " + rules.reportFile() + "\n" : "") + "Log: " + job.logFile();
        switch (pytestExit) {
            case 0:
                return;
            case 1:
                String failed = received.map(r -> r.summary() + (r.failed().isEmpty() ? ""
                        : "; failed: " + String.join(", ", firstFailed(r)))).orElse("see the log");
                if (rules.ignoreTestFailures()) {
                    log.error("There are test failures (maven.test.failure.ignore is set): " + failed);
                    return;
                }
                throw new JobFailedException("There are remote test failures on " + cluster + ": " + failed + ".",
                        logHint);
            case 5:
                if (!rules.failIfNoTests()) {
                    log.warn(Message.of("pytest collected no tests in " + rules.testPath() + " (",
                            Setting.FAIL_IF_NO_TESTS.named(), " is false)."));
                    return;
                }
                throw new JobFailedException(Message.of("pytest collected no tests in " + rules.testPath() + " on "
                        + cluster + "."), Message.of("Check ", Setting.TEST_PATH.option(), " and ",
                                Setting.PYTEST_ARGS.option(), ", or set ", Setting.FAIL_IF_NO_TESTS.option("false"),
                                ".\n" + logHint));
            case 2:
                throw new JobFailedException("pytest was interrupted on " + cluster + " (exit code 2)"
                        + (received.isPresent() ? "" : ", or uv failed before pytest started") + ".", logHint);
            case 3:
                throw new JobFailedException("pytest hit an internal error on " + cluster + " (exit code 3).", logHint);
            case 4:
                throw new JobFailedException(Message.of("pytest rejected its command line on " + cluster
                        + " (exit code 4, usage error)."), Message.of("Check ", Setting.PYTEST_ARGS.option(), " and ",
                                Setting.TEST_PATH.option(), ".\n" + logHint));
            default:
                throw new JobFailedException("Remote tests on " + cluster + " failed: " + job.what()
                        + " exited with code " + pytestExit + ".", logHint);
        }
    }

    private static void printSummary(JunitReport report, String cluster, Path reportFile, SkyLog log) {
        log.info("");
        log.info("Results (" + cluster + "):");
        for (String name : firstFailed(report)) {
            log.error("  FAILED " + name);
        }
        if (report.failed().size() > FAILED_NAMES_SHOWN) {
            log.error("  ... and " + (report.failed().size() - FAILED_NAMES_SHOWN) + " more");
        }
        log.info("");
        if (report.failures() + report.errors() > 0) {
            log.error(report.summary());
        } else {
            log.info(report.summary());
        }
        log.info("Report: " + reportFile);
    }

    private static java.util.List<String> firstFailed(JunitReport report) {
        return report.failed().subList(0, Math.min(FAILED_NAMES_SHOWN, report.failed().size()));
    }
}
