package io.github.skyremote.maven;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.cluster.ClusterRef;
import io.github.skyremote.core.cluster.Device;
import io.github.skyremote.core.job.JobPlanner;
import io.github.skyremote.core.job.ManagedJobOutcome;
import io.github.skyremote.core.job.ManagedJobs;
import io.github.skyremote.core.job.JunitReport;
import io.github.skyremote.core.job.PytestRun;
import io.github.skyremote.core.job.PythonInvocation;
import io.github.skyremote.core.process.SecretMasker;
import io.github.skyremote.core.sky.SkyExitCodes;
import io.github.skyremote.core.sky.SkyRunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.maven.plugin.MojoFailureException;
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
    private static final int FAILED_NAMES_SHOWN = 10;

    /** What pytest collects, relative to {@code workdir}: a directory, a file, or a node id ({@code f.py::test_x}). */
    @Parameter(property = "remote.testPath", defaultValue = "tests")
    protected String testPath;

    /**
     * More pytest arguments. In the POM a list of {@code <pytestArg>} elements; on the command line one string split
     * as a POSIX shell splits words ({@code -Dremote.pytestArgs="-k 'a and not b' -x"}).
     */
    @Parameter(property = "remote.pytestArgs")
    protected List<String> pytestArgs;

    /** Fail when pytest collects no tests (its exit code 5). */
    @Parameter(property = "remote.failIfNoTests", defaultValue = "true")
    protected boolean failIfNoTests;

    /** Skip the remote tests, as Surefire's {@code skipTests}. */
    @Parameter(property = "skipTests", defaultValue = "false")
    protected boolean skipTests;

    /** Skip the remote tests, as {@code maven.test.skip}. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    protected boolean mavenTestSkip;

    /** Report failing tests without failing the build, as Surefire's {@code testFailureIgnore}. */
    @Parameter(property = "maven.test.failure.ignore", defaultValue = "false")
    protected boolean testFailureIgnore;

    private PytestRun pytestRun;
    private SecretMasker masker = SecretMasker.NONE;

    @Override
    protected void readGoalParameters() throws RemoteException {
        testPath = userProperties.string("remote.testPath", testPath);
        pytestArgs = userProperties.words("remote.pytestArgs", pytestArgs);
        failIfNoTests = userProperties.bool("remote.failIfNoTests", failIfNoTests);
        skipTests = userProperties.bool("skipTests", skipTests);
        mavenTestSkip = userProperties.bool("maven.test.skip", mavenTestSkip);
        testFailureIgnore = userProperties.bool("maven.test.failure.ignore", testFailureIgnore);
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
    protected void afterRun(SkyRunResult result, SkyExitCodes.JobContext context, OptionalInt printedExit)
            throws RemoteException, MojoFailureException {
        // pytest's own exit code: as pytest's shell printed it (sky may report a failed run as SUCCEEDED), else sky's.
        OptionalInt exit = SkyExitCodes.programExit(result, printedExit);
        if (exit.isEmpty() || detach) {
            super.afterRun(result, context, printedExit);
            return;
        }
        int pytestExit = exit.getAsInt();
        Path reportFile = reportFile();
        Optional<JunitReport> report = readReport(reportFile);
        report.ifPresent(r -> {
            getLog().info("");
            getLog().info("Results (" + context.cluster().name() + "):");
            for (String name : r.failed().subList(0, Math.min(FAILED_NAMES_SHOWN, r.failed().size()))) {
                getLog().error("  FAILED " + name);
            }
            if (r.failed().size() > FAILED_NAMES_SHOWN) {
                getLog().error("  ... and " + (r.failed().size() - FAILED_NAMES_SHOWN) + " more");
            }
            getLog().info("");
            if (r.failures() + r.errors() > 0) {
                getLog().error(r.summary());
            } else {
                getLog().info(r.summary());
            }
            getLog().info("Report: " + reportFile);
        });
        String where = report.isPresent() ? "Report: " + reportFile + "\n" : "";
        String logHint = where + "Log: " + context.logFile();
        switch (pytestExit) {
            case 0:
                return;
            case 1:
                String failed = report.map(r -> r.summary() + (r.failed().isEmpty() ? ""
                        : "; failed: " + String.join(", ", r.failed().subList(0,
                                Math.min(FAILED_NAMES_SHOWN, r.failed().size()))))).orElse("see the log");
                if (testFailureIgnore) {
                    getLog().error("There are test failures (maven.test.failure.ignore is set): " + failed);
                    return;
                }
                throw new JobFailedException("There are remote test failures on " + context.cluster().name() + ": "
                        + failed + ".", logHint);
            case 5:
                if (!failIfNoTests) {
                    getLog().warn("pytest collected no tests in " + testPath + " (remote.failIfNoTests is false).");
                    return;
                }
                throw new JobFailedException("pytest collected no tests in " + testPath + " on "
                        + context.cluster().name() + ".", "Check -Dremote.testPath and -Dremote.pytestArgs, or set"
                                + " -Dremote.failIfNoTests=false.\n" + logHint);
            case 2:
                throw new JobFailedException("pytest was interrupted on " + context.cluster().name()
                        + " (exit code 2)" + (report.isPresent() ? "" : ", or uv failed before pytest started")
                        + ".", logHint);
            case 3:
                throw new JobFailedException("pytest hit an internal error on " + context.cluster().name()
                        + " (exit code 3).", logHint);
            case 4:
                throw new JobFailedException("pytest rejected its command line on " + context.cluster().name()
                        + " (exit code 4, usage error).", "Check -Dremote.pytestArgs and -Dremote.testPath.\n"
                                + logHint);
            default:
                throw new JobFailedException("Remote tests on " + context.cluster().name() + " failed: "
                        + context.what() + " exited with code " + pytestExit + ".", logHint);
        }
    }

    /** A managed pytest run: its report and exit code are read as for a cluster job, once pytest ran to its end. */
    @Override
    protected void afterManagedRun(ManagedJobs.Followed job, ManagedJobOutcome.Context context, Device device)
            throws RemoteException, MojoFailureException {
        ManagedJobOutcome.requireProgramOutcome(job, context);
        String name = "managed job " + job.jobId().getAsLong();
        afterRun(job.result(), new SkyExitCodes.JobContext(new ClusterRef(name, "sky jobs launch", device),
                context.what(), context.logFile()), job.printedExit());
    }

    private Optional<JunitReport> readReport(Path reportFile) throws BadInputException {
        if (!pytestRun.reportReceived()) {
            getLog().warn("No JUnit report came back from the cluster (pytest did not write "
                    + pytestRun.remoteReport() + ").");
            return Optional.empty();
        }
        try {
            pytestRun.writeReport(reportFile, masker);
            return Optional.of(JunitReport.parse(reportFile));
        } catch (IOException e) {
            getLog().warn("The JUnit report could not be saved or read: " + e.getMessage());
            return Optional.empty();
        }
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
