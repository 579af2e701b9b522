package io.github.skyremote.maven;

import java.io.File;
import java.util.Properties;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.eclipse.aether.RepositorySystemSession;

/** A Maven session as a Mojo sees it, without a container: the command line's user properties and a directory. */
final class TestSessions {
    private TestSessions() {
    }

    /** A batch-mode session (no console prompts) started in {@code baseDirectory} with these {@code -D}s. */
    static MavenSession of(Properties userProperties, File baseDirectory) {
        MavenExecutionRequest request = new DefaultMavenExecutionRequest()
                .setUserProperties(userProperties)
                .setSystemProperties(new Properties())
                .setBaseDirectory(baseDirectory)
                .setInteractiveMode(false);
        return new MavenSession(null, (RepositorySystemSession) null, request, new DefaultMavenExecutionResult());
    }
}
