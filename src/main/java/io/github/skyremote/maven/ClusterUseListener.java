package io.github.skyremote.maven;

import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.execution.ExecutionListener;

/**
 * Chained in front of the build's own listener (which prints the reactor summary): tells {@link BuildClusters} when
 * Maven finishes a module (succeeded, failed, or skipped after another module failed) and when the build ends, and
 * passes every event on. The build's end is settled before the summary is printed, so that a failed teardown turns
 * the result into BUILD FAILURE.
 */
final class ClusterUseListener implements ExecutionListener {
    private final ExecutionListener next;
    private final BuildClusters build;

    ClusterUseListener(ExecutionListener next, BuildClusters build) {
        this.next = next;
        this.build = build;
    }

    @Override
    public void projectSucceeded(ExecutionEvent event) {
        pass(event, ExecutionListener::projectSucceeded);
        build.moduleEnded(event.getProject(), event.getSession());
    }

    @Override
    public void projectFailed(ExecutionEvent event) {
        pass(event, ExecutionListener::projectFailed);
        build.moduleEnded(event.getProject(), event.getSession());
    }

    @Override
    public void projectSkipped(ExecutionEvent event) {
        pass(event, ExecutionListener::projectSkipped);
        build.moduleEnded(event.getProject(), event.getSession());
    }

    @Override
    public void sessionEnded(ExecutionEvent event) {
        build.buildEnds(event.getSession());
        pass(event, ExecutionListener::sessionEnded);
    }

    @Override
    public void projectDiscoveryStarted(ExecutionEvent event) {
        pass(event, ExecutionListener::projectDiscoveryStarted);
    }

    @Override
    public void sessionStarted(ExecutionEvent event) {
        pass(event, ExecutionListener::sessionStarted);
    }

    @Override
    public void projectStarted(ExecutionEvent event) {
        pass(event, ExecutionListener::projectStarted);
    }

    @Override
    public void mojoSkipped(ExecutionEvent event) {
        pass(event, ExecutionListener::mojoSkipped);
    }

    @Override
    public void mojoStarted(ExecutionEvent event) {
        pass(event, ExecutionListener::mojoStarted);
    }

    @Override
    public void mojoSucceeded(ExecutionEvent event) {
        pass(event, ExecutionListener::mojoSucceeded);
    }

    @Override
    public void mojoFailed(ExecutionEvent event) {
        pass(event, ExecutionListener::mojoFailed);
    }

    @Override
    public void forkStarted(ExecutionEvent event) {
        pass(event, ExecutionListener::forkStarted);
    }

    @Override
    public void forkSucceeded(ExecutionEvent event) {
        pass(event, ExecutionListener::forkSucceeded);
    }

    @Override
    public void forkFailed(ExecutionEvent event) {
        pass(event, ExecutionListener::forkFailed);
    }

    @Override
    public void forkedProjectStarted(ExecutionEvent event) {
        pass(event, ExecutionListener::forkedProjectStarted);
    }

    @Override
    public void forkedProjectSucceeded(ExecutionEvent event) {
        pass(event, ExecutionListener::forkedProjectSucceeded);
    }

    @Override
    public void forkedProjectFailed(ExecutionEvent event) {
        pass(event, ExecutionListener::forkedProjectFailed);
    }

    private void pass(ExecutionEvent event, java.util.function.BiConsumer<ExecutionListener, ExecutionEvent> call) {
        if (next != null) {
            call.accept(next, event);
        }
    }
}
