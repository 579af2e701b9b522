package io.github.skyremote.core.job;

import io.github.skyremote.core.Spelling;
import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.RecordingLog;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.sky.SkyRunResult;
import io.github.skyremote.core.sky.SkyRunResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a finished {@code sky exec} means for the build: a cluster job's outcome from sky's exit codes and the exit
 * status the job printed itself, and a pytest run's from pytest's own exit codes, however they came back.
 */
class JobOutcomesTest {
    private static final ClusterRef CLUSTER = new ClusterRef("gpu-x-12345", ".cluster_name_gpu", Device.GPU);
    private static final Path LOG = Path.of("target/remote/exec-gpu-x-12345-7.log");
    private static final JobOutcomes.JobContext JOB = new JobOutcomes.JobContext(CLUSTER, "train.py", LOG);

    private static SkyRunResult result(int exit, Long jobId, List<Integer> codes, List<String> tail) {
        return SkyRunResults.result(exit, jobId == null ? OptionalLong.empty() : OptionalLong.of(jobId), codes, tail,
                false, false, "");
    }

    private static SkyRunResult exit(int exit, String... tail) {
        return result(exit, 7L, List.of(), List.of(tail));
    }

    // ---- a cluster job ----

    @Test
    void zeroIsSuccess() throws Exception {
        JobOutcomes.checkJob(exit(0), JOB);
        JobOutcomes.checkJob(result(0, null, List.of(), List.of()), JOB);
    }

    @Test
    void hundredReportsTheJobAndTheRealReturnCode() {
        JobFailedException e = assertThrows(JobFailedException.class,
                () -> JobOutcomes.checkJob(result(100, 7L, List.of(3), List.of()), JOB));
        assertEquals("Remote job 7 on gpu-x-12345 failed: train.py exited with code 3.", e.getMessage());
        assertTrue(e.fix().toString().contains("sky logs gpu-x-12345 7"), e.fix().toString());
        assertTrue(e.fix().toString().contains("Log: " + LOG), e.fix().toString());
        assertTrue(e.describe(Spelling.NEUTRAL).contains("Remote job 7 on gpu-x-12345 failed: train.py exited with code 3."));
    }

    @Test
    void theExitStatusTheJobPrintedFailsTheBuildWhenSkySaysSucceeded() {
        // SkyPilot #8928: sky exits 0 (SUCCEEDED) for a script that exited 1.
        JobFailedException e = assertThrows(JobFailedException.class,
                () -> JobOutcomes.checkJob(result(0, 7L, List.of(), List.of()), JOB, OptionalInt.of(1)));
        assertEquals("Remote job 7 on gpu-x-12345 failed: train.py exited with code 1 (sky reported the job as"
                + " SUCCEEDED; the code is the one the job printed itself).", e.getMessage());
        assertTrue(e.fix().toString().contains("sky logs gpu-x-12345 7"), e.fix().toString());
        // With sky's failure too, the printed code is the one named.
        JobFailedException both = assertThrows(JobFailedException.class,
                () -> JobOutcomes.checkJob(result(100, 7L, List.of(1), List.of()), JOB, OptionalInt.of(3)));
        assertEquals("Remote job 7 on gpu-x-12345 failed: train.py exited with code 3.", both.getMessage());
    }

    @Test
    void aPrintedZeroNeverTurnsAFailureIntoSuccess() throws Exception {
        assertThrows(JobFailedException.class,
                () -> JobOutcomes.checkJob(result(100, 7L, List.of(3), List.of()), JOB, OptionalInt.of(0)));
        assertThrows(SkyFailedException.class,
                () -> JobOutcomes.checkJob(result(1, 7L, List.of(), List.of("boom")), JOB, OptionalInt.of(0)));
        JobOutcomes.checkJob(result(0, 7L, List.of(), List.of()), JOB, OptionalInt.of(0));
        JobOutcomes.checkJob(result(0, 7L, List.of(), List.of()), JOB, OptionalInt.empty());
    }

    @Test
    void programExitPrefersAPrintedFailure() {
        assertEquals(OptionalInt.of(1), JobOutcomes.programExit(result(0, 7L, List.of(), List.of()),
                OptionalInt.of(1)));
        assertEquals(OptionalInt.of(0), JobOutcomes.programExit(result(0, 7L, List.of(), List.of()),
                OptionalInt.empty()));
        assertEquals(OptionalInt.of(5), JobOutcomes.programExit(result(100, 7L, List.of(5), List.of()),
                OptionalInt.of(0)));
        assertEquals(OptionalInt.of(2), JobOutcomes.programExit(result(100, 7L, List.of(0, 2), List.of()),
                OptionalInt.empty()));
        assertEquals(OptionalInt.empty(), JobOutcomes.programExit(result(100, 7L, List.of(), List.of()),
                OptionalInt.empty()));
        assertEquals(OptionalInt.empty(), JobOutcomes.programExit(result(1, 7L, List.of(), List.of()),
                OptionalInt.empty()));
        assertEquals(OptionalInt.of(4), JobOutcomes.programExit(result(1, 7L, List.of(), List.of()),
                OptionalInt.of(4)));
        assertEquals(OptionalInt.empty(), JobOutcomes.programExit(SkyRunResults.result(-1, OptionalLong.of(7),
                List.of(), List.of(), true, false, ""), OptionalInt.of(1)), "timed out: not known");
    }

    @Test
    void hundredWithSeveralOrNoCodes() {
        JobFailedException several = assertThrows(JobFailedException.class,
                () -> JobOutcomes.checkJob(result(100, 7L, List.of(1, 137), List.of()), JOB));
        assertEquals("Remote job 7 on gpu-x-12345 failed: train.py exited with codes 1, 137.", several.getMessage());
        JobFailedException none = assertThrows(JobFailedException.class,
                () -> JobOutcomes.checkJob(result(100, 7L, List.of(), List.of()), JOB));
        assertEquals("Remote job 7 on gpu-x-12345 failed: train.py exited with a non-zero code.", none.getMessage());
    }

    @Test
    void hundredAfterSetupFailure() {
        JobFailedException e = assertThrows(JobFailedException.class, () -> JobOutcomes.checkJob(result(100, 7L,
                List.of(), List.of("ERROR: Job 7's setup failed with return code 1 (pid=42)")), JOB));
        assertEquals("Remote job 7 on gpu-x-12345 failed (its setup failed): train.py exited with a non-zero code.",
                e.getMessage());
    }

    @Test
    void hundredWithoutJobIdHasNoReattachHint() {
        JobFailedException e = assertThrows(JobFailedException.class,
                () -> JobOutcomes.checkJob(result(100, null, List.of(2), List.of()), JOB));
        assertEquals("Remote job on gpu-x-12345 failed: train.py exited with code 2.", e.getMessage());
        assertFalse(e.fix().toString().contains("sky logs"), e.fix().toString());
        assertEquals("Log: " + LOG, e.fix().toString());
    }

    @Test
    void hundredAndOneIsNotFinished() {
        JobFailedException e = assertThrows(JobFailedException.class, () -> JobOutcomes.checkJob(exit(101), JOB));
        assertEquals("Remote job 7 on gpu-x-12345 had not finished when sky stopped following it.", e.getMessage());
        assertTrue(e.fix().toString().contains("Follow it: sky logs gpu-x-12345 7"), e.fix().toString());
    }

    @Test
    void hundredAndTwoIsNotFound() {
        JobFailedException e = assertThrows(JobFailedException.class, () -> JobOutcomes.checkJob(exit(102), JOB));
        assertEquals("Remote job 7 on gpu-x-12345 was not found on the cluster.", e.getMessage());
        assertEquals("List the cluster's jobs: sky queue gpu-x-12345", e.fix().toString());
    }

    @Test
    void hundredAndThreeIsCancelled() {
        JobFailedException e = assertThrows(JobFailedException.class, () -> JobOutcomes.checkJob(exit(103), JOB));
        assertEquals("Remote job 7 on gpu-x-12345 was cancelled.", e.getMessage());
        assertTrue(e.fix().toString().contains("sky logs gpu-x-12345 7"), e.fix().toString());
    }

    @Test
    void timeoutReportsTheCleanup() {
        SkyRunResult timedOut = SkyRunResults.result(-1, OptionalLong.of(7), List.of(), List.of(), true, false,
                "ran `sky cancel --yes gpu-x-12345 7`");
        JobFailedException e = assertThrows(JobFailedException.class, () -> JobOutcomes.checkJob(timedOut, JOB));
        assertEquals("Remote job 7 on gpu-x-12345 (train.py) did not finish within the timeout (timeout):"
                + " ran `sky cancel --yes gpu-x-12345 7`.", e.getMessage());
        assertTrue(e.fix().toString().contains("sky queue gpu-x-12345"), e.fix().toString());
        assertTrue(e.fix().toString().contains("sky logs gpu-x-12345 7"), e.fix().toString());
    }

    @Test
    void timeoutWinsOverTheExitCode() {
        SkyRunResult timedOut = SkyRunResults.result(0, OptionalLong.empty(), List.of(), List.of(), true, false, "");
        JobFailedException e = assertThrows(JobFailedException.class, () -> JobOutcomes.checkJob(timedOut, JOB));
        assertEquals("Remote job on gpu-x-12345 (train.py) did not finish within the timeout (timeout).",
                e.getMessage());
    }

    @Test
    void stoppedBeforeTheJobIdSaysHowToFindAJobTheApiServerMayStillSubmit() {
        for (boolean timedOut : new boolean[] {true, false}) {
            SkyRunResult result = SkyRunResults.result(-1, OptionalLong.empty(), List.of(), List.of(), timedOut,
                    !timedOut, "killed sky exec (interrupted) before it printed a job id; SkyPilot's API server may"
                            + " still submit the job (check with sky queue <cluster>)");
            JobFailedException e = assertThrows(JobFailedException.class, () -> JobOutcomes.checkJob(result, JOB));
            assertTrue(e.fix().toString().contains("Check whether it was submitted anyway: sky queue gpu-x-12345"), e.fix().toString());
            assertTrue(e.fix().toString().contains("Cancel it: sky cancel -y gpu-x-12345 <JOB_ID>"), e.fix().toString());
            assertFalse(e.getMessage().contains("nothing"), e.getMessage());
        }
    }

    @Test
    void interruptReportsTheCleanup() {
        SkyRunResult interrupted = SkyRunResults.result(143, OptionalLong.of(7), List.of(), List.of(), false, true,
                "ran `sky cancel --yes gpu-x-12345 7`");
        JobFailedException e = assertThrows(JobFailedException.class, () -> JobOutcomes.checkJob(interrupted, JOB));
        assertEquals("Remote job 7 on gpu-x-12345 (train.py) was interrupted: ran `sky cancel --yes gpu-x-12345 7`.",
                e.getMessage());
    }


    @Test
    void anExitCodeThatIsNotTheJobsIsSkysFailure() {
        SkyFailedException e = assertThrows(SkyFailedException.class,
                () -> JobOutcomes.checkJob(exit(1, "ValueError: bad thing"), JOB));
        assertEquals("sky exec failed (exit code 1): ValueError: bad thing", e.getMessage());
    }

    // ---- a pytest run ----

    private static final Path REPORT = Path.of("target/remote-reports/TEST-remote-pytest-gpu.xml");
    private static final JobOutcomes.JobContext PYTEST = new JobOutcomes.JobContext(CLUSTER, "pytest tests", LOG);
    private static final JunitReport FAILING = new JunitReport(4, 1, 0, 0, List.of("tests/test_a.py::test_x"));

    private final RecordingLog log = new RecordingLog();
    private final AtomicInteger reportReads = new AtomicInteger();

    private static JobOutcomes.PytestRules rules(boolean failIfNoTests, boolean ignoreTestFailures, boolean detached) {
        return new JobOutcomes.PytestRules("tests", failIfNoTests, ignoreTestFailures, detached, REPORT);
    }

    private Supplier<Optional<JunitReport>> report(JunitReport report) {
        return () -> {
            reportReads.incrementAndGet();
            return Optional.ofNullable(report);
        };
    }

    private void pytest(SkyRunResult result, OptionalInt printed, JobOutcomes.PytestRules rules, JunitReport report)
            throws Exception {
        JobOutcomes.checkPytest(result, PYTEST, printed, rules, report(report), log);
    }

    private JobFailedException pytestFails(SkyRunResult result, OptionalInt printed, JunitReport report) {
        return assertThrows(JobFailedException.class, () -> pytest(result, printed, rules(true, false, false), report));
    }

    /**
     * The three ways pytest's exit code comes back: printed by the job while sky says SUCCEEDED (SkyPilot #8928),
     * printed and in sky's return codes, or only in sky's return codes (no printed frame).
     */
    private static List<SkyRunResult> carrying(int code) {
        return List.of(result(0, 7L, List.of(), List.of()), result(100, 7L, List.of(code), List.of()),
                result(100, 7L, List.of(code), List.of()));
    }

    private static List<OptionalInt> printed(int code) {
        return List.of(OptionalInt.of(code), OptionalInt.of(code), OptionalInt.empty());
    }

    @Test
    void pytestZeroPassesAndSummarizesTheReport() throws Exception {
        JunitReport passing = new JunitReport(3, 0, 0, 1, List.of());
        pytest(exit(0), OptionalInt.of(0), rules(true, false, false), passing);
        pytest(exit(0), OptionalInt.empty(), rules(true, false, false), passing);
        assertEquals(2, reportReads.get());
        assertTrue(log.info().contains("Results (gpu-x-12345):"), log.info().toString());
        assertTrue(log.info().contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 1"), log.info().toString());
        assertTrue(log.info().contains("Report: " + REPORT), log.info().toString());
        assertTrue(log.error.isEmpty(), log.error.toString());
    }

    @Test
    void pytestOneIsTestFailuresWithTheFailedNames() throws Exception {
        for (int i = 0; i < 3; i++) {
            JobFailedException e = pytestFails(carrying(1).get(i), printed(1).get(i), FAILING);
            assertEquals("There are remote test failures on gpu-x-12345: Tests run: 4, Failures: 1, Errors: 0,"
                    + " Skipped: 0; failed: tests/test_a.py::test_x.", e.getMessage(), "way " + i);
            assertEquals("Report: " + REPORT + "\nLog: " + LOG, e.fix().toString());
        }
        assertTrue(log.error.contains("  FAILED tests/test_a.py::test_x"), log.error.toString());
        JobFailedException noReport = pytestFails(exit(0), OptionalInt.of(1), null);
        assertEquals("There are remote test failures on gpu-x-12345: see the log.", noReport.getMessage());
        assertEquals("Log: " + LOG, noReport.fix().toString());
    }

    @Test
    void pytestOneWithIgnoredTestFailuresIsReportedNotThrown() throws Exception {
        for (int i = 0; i < 3; i++) {
            pytest(carrying(1).get(i), printed(1).get(i), rules(true, true, false), FAILING);
        }
        assertTrue(log.error.contains("There are test failures (maven.test.failure.ignore is set): Tests run: 4,"
                + " Failures: 1, Errors: 0, Skipped: 0; failed: tests/test_a.py::test_x"), log.error.toString());
    }

    @Test
    void pytestTwoIsInterruptedOrUvFailedBeforeIt() {
        for (int i = 0; i < 3; i++) {
            JobFailedException e = pytestFails(carrying(2).get(i), printed(2).get(i), null);
            assertEquals("pytest was interrupted on gpu-x-12345 (exit code 2), or uv failed before pytest started.",
                    e.getMessage());
        }
        assertEquals("pytest was interrupted on gpu-x-12345 (exit code 2).",
                pytestFails(exit(0), OptionalInt.of(2), FAILING).getMessage(), "a report means pytest ran");
    }

    @Test
    void pytestThreeIsAnInternalError() {
        for (int i = 0; i < 3; i++) {
            assertEquals("pytest hit an internal error on gpu-x-12345 (exit code 3).",
                    pytestFails(carrying(3).get(i), printed(3).get(i), null).getMessage());
        }
    }

    @Test
    void pytestFourIsAUsageError() {
        for (int i = 0; i < 3; i++) {
            JobFailedException e = pytestFails(carrying(4).get(i), printed(4).get(i), null);
            assertEquals("pytest rejected its command line on gpu-x-12345 (exit code 4, usage error).", e.getMessage());
            assertTrue(e.fix().toString().startsWith("Check {pytestArgs} and {testPath}.\n"), e.fix().toString());
        }
    }

    @Test
    void pytestFiveIsNoTestsCollected() {
        for (int i = 0; i < 3; i++) {
            JobFailedException e = pytestFails(carrying(5).get(i), printed(5).get(i), null);
            assertEquals("pytest collected no tests in tests on gpu-x-12345.", e.getMessage());
            assertTrue(e.fix().toString().contains("{failIfNoTests=false}"), e.fix().toString());
        }
    }

    @Test
    void pytestFiveIsOnlyAWarningWhenNoTestsAreAllowed() throws Exception {
        for (int i = 0; i < 3; i++) {
            pytest(carrying(5).get(i), printed(5).get(i), rules(false, false, false), null);
        }
        assertEquals(3, log.warn().stream()
                .filter("pytest collected no tests in tests (failIfNoTests is false)."::equals).count());
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 9, 137})
    void anotherCodeIsAFailureOfTheRunNamingIt(int code) {
        for (int i = 0; i < 3; i++) {
            assertEquals("Remote tests on gpu-x-12345 failed: pytest tests exited with code " + code + ".",
                    pytestFails(carrying(code).get(i), printed(code).get(i), null).getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 102, 103})
    void skysOtherJobCodesAreTheJobsWithOrWithoutAPrintedZero(int skyExit) {
        for (OptionalInt printed : List.of(OptionalInt.empty(), OptionalInt.of(0))) {
            JobFailedException e = pytestFails(exit(skyExit), printed, FAILING);
            assertTrue(e.getMessage().startsWith("Remote job 7 on gpu-x-12345 "), e.getMessage());
        }
        assertEquals(0, reportReads.get(), "pytest did not run to its end: no report is read");
    }

    @Test
    void hundredWithoutReturnCodesIsAFailedJob() {
        JobFailedException e = pytestFails(result(100, 7L, List.of(), List.of()), OptionalInt.empty(), FAILING);
        assertEquals("Remote job 7 on gpu-x-12345 failed: pytest tests exited with a non-zero code.", e.getMessage());
        assertEquals(0, reportReads.get());
    }

    @Test
    void aTimedOutRunIsAStoppedJobWithoutAReport() {
        SkyRunResult timedOut = SkyRunResults.result(-1, OptionalLong.of(7), List.of(), List.of(), true, false,
                "the remote job was cancelled (`sky cancel --yes gpu-x-12345 7`)");
        JobFailedException e = pytestFails(timedOut, OptionalInt.of(1), FAILING);
        assertTrue(e.getMessage().contains("did not finish within the timeout"), e.getMessage());
        assertEquals(0, reportReads.get());
    }

    @Test
    void aDetachedRunIsCheckedAsAJobWithoutAReport() throws Exception {
        pytest(exit(0), OptionalInt.empty(), rules(true, false, true), FAILING);
        assertThrows(SkyFailedException.class,
                () -> pytest(exit(1, "ValueError: x"), OptionalInt.empty(), rules(true, false, true), FAILING));
        assertEquals(0, reportReads.get());
        assertFalse(log.info().contains("Results (gpu-x-12345):"));
    }

    @Test
    void manyFailedTestsShowTheFirstTen() {
        List<String> names = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "t::test_" + i).toList();
        JobFailedException e = pytestFails(exit(0), OptionalInt.of(1), new JunitReport(12, 12, 0, 0, names));
        assertTrue(e.getMessage().endsWith("t::test_8, t::test_9."), e.getMessage());
        assertTrue(log.error.contains("  ... and 2 more"), log.error.toString());
        assertTrue(log.error.contains("Tests run: 12, Failures: 12, Errors: 0, Skipped: 0"), log.error.toString());
    }
}
