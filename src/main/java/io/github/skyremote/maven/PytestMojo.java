package io.github.skyremote.maven;

import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.job.JobOutcomes;
import io.github.skyremote.core.job.JobPlanner;
import io.github.skyremote.core.job.ManagedJobOutcome;
import io.github.skyremote.core.job.ManagedJobs;
import io.github.skyremote.core.job.PytestRun;
import io.github.skyremote.core.job.PythonInvocation;
import io.github.skyremote.core.process.SecretMasker;
import io.github.skyremote.core.sky.SkyRunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the project's pytest suite on the device's cluster ({@code python -m pytest <testPath> [pytestArgs...]} through
 * the same remote command as {@code exec}), brings the JUnit XML report back through the job's own output (no SSH
 * access needed) to {@code target/remote-reports/TEST-remote-pytest-<device>[-<execution id>].xml}, and prints a
 * Surefire-style summary ({@code Tests run: N, Failures: F, Errors: E, Skipped: S}) with the first failed tests.
 * pytest's exit codes are told apart: 1 tests failed (ignored with {@code maven.test.failure.ignore}), 2 interrupted,
 * 3 internal error, 4 usage error, 5 no tests collected (a failure only with {@code failIfNoTests}). Honours
 * {@code skipTests} and {@code maven.test.skip}. With {@code detach} the job is only submitted: no report and no
 * summary come back.
 */
@Mojo(name = "pytest", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class PytestMojo extends AbstractJobMojo {
    /** What pytest collects, relative to {@code workdir}: a directory, a file, or a node id ({@code f.py::test_x}). */
    @Parameter(property = PropertyNames.TEST_PATH, defaultValue = "tests")
    protected String testPath;

    /**
     * More pytest arguments. In the POM a list of {@code <pytestArg>} elements; on the command line one string split
     * as a POSIX shell splits words ({@code -Dremote.pytestArgs="-k 'a and not b' -x"}).
     */
    @Parameter(property = PropertyNames.PYTEST_ARGS)
    protected List<String> pytestArgs;

    /** Fail when pytest collects no tests (its exit code 5). */
    @Parameter(property = PropertyNames.FAIL_IF_NO_TESTS, defaultValue = "true")
    protected boolean failIfNoTests;

    /** Skip the remote tests, as Surefire's {@code skipTests}. */
    @Parameter(property = PropertyNames.SKIP_TESTS, defaultValue = "false")
    protected boolean skipTests;

    /** Skip the remote tests, as {@code maven.test.skip}. */
    @Parameter(property = PropertyNames.MAVEN_TEST_SKIP, defaultValue = "false")
    protected boolean mavenTestSkip;

    /** Report failing tests without failing the build, as Surefire's {@code testFailureIgnore}. */
    @Parameter(property = PropertyNames.TEST_FAILURE_IGNORE, defaultValue = "false")
    protected boolean testFailureIgnore;

    private PytestRun pytestRun;
    private SecretMasker masker = SecretMasker.NONE;

    @Override
    protected void readGoalParameters() throws RemoteException {
        testPath = userProperties.string(PropertyNames.TEST_PATH, testPath);
        pytestArgs = userProperties.words(PropertyNames.PYTEST_ARGS, pytestArgs);
        failIfNoTests = userProperties.bool(PropertyNames.FAIL_IF_NO_TESTS, failIfNoTests);
        skipTests = userProperties.bool(PropertyNames.SKIP_TESTS, skipTests);
        mavenTestSkip = userProperties.bool(PropertyNames.MAVEN_TEST_SKIP, mavenTestSkip);
        testFailureIgnore = userProperties.bool(PropertyNames.TEST_FAILURE_IGNORE, testFailureIgnore);
        pytestRun = new PytestRun(testPath, pytestArgs);
    }

    @Override
    protected boolean skipJob() {
        if (skipTests || mavenTestSkip) {
            getLog().info("Tests are skipped (" + (mavenTestSkip ? "maven.test.skip" : "skipTests") + ").");
            return true;
        }
        return false;
    }

    @Override
    protected PythonInvocation invocation() {
        return pytestRun;
    }

    @Override
    protected void afterRun(SkyRunResult result, JobOutcomes.JobContext context, OptionalInt printedExit)
            throws RemoteException {
        Path reportFile = reportFile();
        MavenSkyLog log = new MavenSkyLog(getLog());
        JobOutcomes.checkPytest(result, context, printedExit, new JobOutcomes.PytestRules(testPath, failIfNoTests,
                testFailureIgnore, detach, reportFile), () -> pytestRun.saveReport(reportFile, masker, log), log);
    }

    /** A managed pytest run: its report and exit code are read as for a cluster job, once pytest ran to its end. */
    @Override
    protected void afterManagedRun(ManagedJobs.Followed job, ManagedJobOutcome.Context context, Device device)
            throws RemoteException {
        ManagedJobOutcome.requireProgramOutcome(job, context);
        String name = "managed job " + job.jobId().getAsLong();
        afterRun(job.result(), new JobOutcomes.JobContext(new ClusterRef(name, "sky jobs launch", device),
                context.what(), context.logFile()), job.printedExit());
    }

    private Path reportFile() {
        String suffix = "default-cli".equals(executionId()) ? "" : "-" + executionId();
        return targetDirectory().resolve("remote-reports").resolve("TEST-remote-pytest-" + device.trim().toLowerCase(
                java.util.Locale.ROOT) + suffix + ".xml");
    }

    @Override
    protected void beforeRun(JobPlanner.PlannedJob job) {
        masker = job.masker();
        getLog().debug("JUnit report travels back between markers of this run; remote file " + pytestRun.remoteReport());
    }
}
