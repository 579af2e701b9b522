package io.github.skyremote.maven;

import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.job.DeferredFailures;
import java.io.File;
import java.io.IOException;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails the build when a job that ran with {@code deferFailure} recorded a failure: the second half of the failsafe
 * pattern, bound to {@code verify} after the teardown in {@code post-integration-test}.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractMojo {
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    private File buildDirectory;

    /** Skip this goal. */
    @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
    protected boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        try {
            resolveParameters();
        } catch (RemoteException e) {
            MavenFailures.fail(e);
        }
        if (skip) {
            getLog().info("Skipping verify (remote.skip).");
            return;
        }
        List<DeferredFailures.Failure> failures;
        try {
            failures = new DeferredFailures(buildDirectory.toPath().resolve("remote").resolve("failures")).read();
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read the recorded failures in " + buildDirectory
                    + "/remote/failures: " + e.getMessage(), e);
        }
        if (failures.isEmpty()) {
            getLog().info("No remote job failed.");
            return;
        }
        StringBuilder message = new StringBuilder(failures.size() + " remote goal execution(s) failed:");
        for (DeferredFailures.Failure failure : failures) {
            message.append(System.lineSeparator()).append("  ").append(failure.execution()).append(": ")
                    .append(failure.message().replace("\n", System.lineSeparator() + "    "));
        }
        if (failures.stream().anyMatch(DeferredFailures.Failure::jobFailed)) {
            throw new MojoFailureException(message.toString());
        }
        throw new MojoExecutionException(message.toString());
    }

    /** A {@code -D} on the command line wins over the POM, as in the other goals ({@link UserProperties}). */
    void resolveParameters() throws RemoteException {
        skip = new UserProperties(session.getUserProperties()).bool(PropertyNames.SKIP, skip);
    }
}
