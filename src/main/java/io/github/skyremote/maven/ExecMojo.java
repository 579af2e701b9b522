package io.github.skyremote.maven;

import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.job.PythonInvocation;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs a Python script of the project on the device's cluster:
 * {@code sky exec <cluster> --workdir <dir> -- "[export CUDA_VISIBLE_DEVICES=0; ]uv run [--group G]... --extra E
 * python <script> [args...]"}, streaming the job's output and failing the build when the job fails.
 */
@Mojo(name = "exec", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ExecMojo extends AbstractJobMojo {
    /** The Python script to run, relative to {@code workdir}; it must exist inside the workdir. */
    @Parameter(property = PropertyNames.SCRIPT)
    protected String script;

    /**
     * Arguments for the script. In the POM a list of {@code <arg>} elements, each passed as one argument; on the
     * command line one string split as a POSIX shell splits words ({@code -Dargs="--steps 100 --name 'a b' ''"}, where
     * {@code ''} is an empty argument).
     */
    @Parameter(property = PropertyNames.ARGS)
    protected List<String> args;

    @Override
    protected void readGoalParameters() throws RemoteException {
        script = userProperties.string(PropertyNames.SCRIPT, script);
        args = userProperties.words(PropertyNames.ARGS, args);
    }

    @Override
    protected PythonInvocation invocation() {
        return PythonInvocation.script(script, args);
    }
}
