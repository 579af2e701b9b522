package io.github.skyremote.core.job;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.SkyLog;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.process.SecretMasker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A remote pytest run whose JUnit XML comes back through the job's own output, so no SSH access to the cluster and
 * no extra tool on the build agent are needed: pytest writes the report to a directory of this run, and the
 * {@link JobEpilogue} prints it base64-encoded after pytest's exit status, between markers that carry a token the
 * tests never see (so test output cannot forge them).
 */
public final class PytestRun implements PythonInvocation {
    private final String testPath;
    private final List<String> pytestArgs;
    private final JobEpilogue epilogue;

    public PytestRun(String testPath, List<String> pytestArgs) {
        this(testPath, pytestArgs, JobEpilogue.create());
    }

    public PytestRun(String testPath, List<String> pytestArgs, JobEpilogue epilogue) {
        this.testPath = testPath;
        this.pytestArgs = pytestArgs == null ? List.of() : List.copyOf(pytestArgs);
        this.epilogue = epilogue;
    }

    @Override
    public List<String> pythonArgs(Workdir workdir) throws BadInputException {
        String path = testPath == null || testPath.isBlank() ? "tests" : testPath.trim();
        int node = path.indexOf("::");
        String file = node < 0 ? path : path.substring(0, node);
        String relative = workdir.relativize(file, "Test path", Setting.TEST_PATH, false);
        List<String> words = new ArrayList<>(List.of("-m", "pytest", node < 0 ? relative : relative + path.substring(node),
                "--junitxml=" + epilogue.reportFile()));
        for (String arg : pytestArgs) {
            words.add(arg == null ? "" : arg);
        }
        return words;
    }

    @Override
    public String describe() {
        return "pytest " + (testPath == null || testPath.isBlank() ? "tests" : testPath.trim());
    }

    @Override
    public JobEpilogue epilogue() {
        return epilogue;
    }

    @Override
    public boolean sendsReport() {
        return true;
    }

    /** True when the whole report came back after pytest exited. */
    public boolean reportReceived() {
        return epilogue.reportReceived();
    }

    /**
     * Writes the report with secret values masked in its parsed text (a test may print one, and pytest keeps captured
     * output in the report); call only when {@link #reportReceived()}.
     */
    public void writeReport(Path target, SecretMasker masker) throws IOException {
        JunitReport.writeMasked(epilogue.report(), masker, target);
    }

    /**
     * Saves the report that came back (masked, see {@link #writeReport}) and reads it; empty, with a warning, when no
     * whole report came back or it cannot be saved or read: the run's outcome does not depend on it.
     */
    public Optional<JunitReport> saveReport(Path target, SecretMasker masker, SkyLog log) {
        if (!reportReceived()) {
            log.warn("No JUnit report came back from the cluster (pytest did not write " + remoteReport() + ").");
            return Optional.empty();
        }
        try {
            writeReport(target, masker);
            return Optional.of(JunitReport.parse(target));
        } catch (IOException e) {
            log.warn("The JUnit report could not be saved or read: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The remote path of the report, for messages. */
    public String remoteReport() {
        return epilogue.reportFile();
    }
}
