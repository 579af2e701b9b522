package io.github.skyremote.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A remote pytest run whose JUnit XML comes back through the job's own output, so no SSH access to the cluster and
 * no extra tool on the build agent are needed: after pytest, the remote command prints the report base64-encoded
 * between two markers that carry a random token (so test output cannot forge them), and an interceptor takes those
 * lines out of the displayed log and decodes them.
 */
public final class PytestRun implements PythonInvocation, SkyRunner.LineInterceptor {
    /** Upper bound on the encoded report we keep: far above any real suite, far below trouble. */
    private static final int MAX_ENCODED_CHARS = 256 * 1024 * 1024;

    private final String testPath;
    private final List<String> pytestArgs;
    private final String begin;
    private final String end;
    private final String remoteReport;
    private final StringBuilder encoded = new StringBuilder();
    private boolean inReport;
    private boolean complete;
    private boolean overflow;

    /**
     * @param token a random word that makes the markers and the remote file name unique to this run
     */
    public PytestRun(String testPath, List<String> pytestArgs, String token) {
        this.testPath = testPath;
        this.pytestArgs = pytestArgs == null ? List.of() : List.copyOf(pytestArgs);
        this.begin = "@@remote-maven-plugin:junit-xml:" + token + ":begin@@";
        this.end = "@@remote-maven-plugin:junit-xml:" + token + ":end@@";
        this.remoteReport = "/tmp/remote-maven-plugin-junit-" + token + ".xml";
    }

    @Override
    public List<String> pythonArgs(Workdir workdir) throws BadInputException {
        String path = testPath == null || testPath.isBlank() ? "tests" : testPath.trim();
        int node = path.indexOf("::");
        String file = node < 0 ? path : path.substring(0, node);
        String relative = workdir.relativize(file, "Test path", "remote.testPath", false);
        List<String> words = new ArrayList<>(List.of("-m", "pytest", node < 0 ? relative : relative + path.substring(node),
                "--junitxml=" + remoteReport));
        for (String arg : pytestArgs) {
            words.add(arg == null ? "" : arg);
        }
        return words;
    }

    @Override
    public String describe() {
        return "pytest " + (testPath == null || testPath.isBlank() ? "tests" : testPath.trim());
    }

    /** pytest's exit code is the job's; the report follows it on stdout, even when tests failed. */
    @Override
    public String wrap(String remoteCommand) {
        String file = ShellWords.quote(remoteReport);
        return remoteCommand + "; rc=$?; if [ -f " + file + " ]; then echo " + ShellWords.quote(begin)
                + "; base64 " + file + "; echo " + ShellWords.quote(end) + "; rm -f " + file + "; fi; exit $rc";
    }

    @Override
    public synchronized boolean intercept(String line) {
        if (complete) {
            return false;
        }
        if (!inReport) {
            if (line.endsWith(begin)) {
                inReport = true;
                return true;
            }
            return false;
        }
        if (line.endsWith(end)) {
            inReport = false;
            complete = true;
            return true;
        }
        // Job lines carry sky's "(sky-cmd, pid=N) " prefix; base64 has no spaces, so the payload is the last word.
        String payload = line.substring(line.lastIndexOf(' ') + 1).trim();
        if (encoded.length() + payload.length() > MAX_ENCODED_CHARS) {
            overflow = true;
        } else {
            encoded.append(payload);
        }
        return true;
    }

    /** True when the whole report came back. */
    public synchronized boolean reportReceived() {
        return complete && !overflow;
    }

    /**
     * Writes the decoded report with secret values masked (a test may print one, and pytest keeps captured output
     * in the report); call only when {@link #reportReceived()}.
     */
    public synchronized void writeReport(Path target, SecretMasker masker) throws IOException {
        byte[] xml;
        try {
            xml = Base64.getMimeDecoder().decode(encoded.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException("the JUnit report sent back by the job is not valid base64: " + e.getMessage(), e);
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, masker.mask(new String(xml, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** The remote path of the report, for messages. */
    public String remoteReport() {
        return remoteReport;
    }
}
