package io.github.skyremote.maven;

import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.RemoteException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The one place where the core's typed errors become Maven's: spelled for a Maven user ({@link MavenSpelling}), the
 * user's job failing as {@link MojoFailureException} (as failing tests do), everything else (bad input, {@code sky}
 * or the cluster failing) as {@link MojoExecutionException}.
 */
final class MavenFailures {
    private MavenFailures() {
    }

    /** Message and fix, spelled for Maven, as the build log shows them. */
    static String describe(RemoteException e) {
        return e.describe(MavenSpelling.INSTANCE);
    }

    /** Throws the Maven exception for {@code e}; it always throws. */
    static void fail(RemoteException e) throws MojoExecutionException, MojoFailureException {
        e.spelledFor(MavenSpelling.INSTANCE); // Maven's summary prints the cause's message unless ours contains it
        if (e instanceof JobFailedException) {
            throw new MojoFailureException(describe(e), e);
        }
        throw new MojoExecutionException(describe(e), e);
    }
}
