package io.github.skyremote.maven;

import io.github.skyremote.core.RemoteException;
import io.github.skyremote.core.job.PythonInvocation;
import io.github.skyremote.core.process.OutputMode;
import io.github.skyremote.core.sky.SkyRunSettings;
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

    /**
     * Print the job's output to the console as {@code sky} prints it, in the chunks it arrives in, as
     * exec-maven-plugin does, instead of line by line through Maven's logger: no {@code [INFO]} prefix, and
     * {@code -q} does not hide it, but a job that prints hundreds of thousands of lines streams about twice as fast
     * and Maven's memory stays flat (see docs/performance.md). Lines still go to the log file and are parsed. Ignored
     * (with a note) when {@code secrets} are set, whose values must be masked line by line, in parallel builds,
     * whose lines carry the module name, and on Maven 4, which sends a plugin's console output through its logger.
     */
    @Parameter(property = PropertyNames.RAW_OUTPUT, defaultValue = "false")
    protected boolean rawOutput;

    @Override
    protected void readGoalParameters() throws RemoteException {
        script = userProperties.string(PropertyNames.SCRIPT, script);
        args = userProperties.words(PropertyNames.ARGS, args);
        rawOutput = userProperties.bool(PropertyNames.RAW_OUTPUT, rawOutput);
    }

    @Override
    protected SkyRunSettings.Builder adjust(SkyRunSettings.Builder settings) {
        if (!rawOutput) {
            return settings;
        }
        if (secrets != null && !secrets.isEmpty()) {
            getLog().info("remote.rawOutput is off for this job: its secrets must be masked line by line.");
            return settings;
        }
        if (session.isParallel()) {
            getLog().info("remote.rawOutput is off in a parallel build: each line carries its module's name.");
            return settings;
        }
        if (runsOnMaven4()) {
            // Maven 4 passes a plugin's System.out through its logger: raw output would gain "[INFO] [stdout] " and
            // keep sky's colour codes, so the lines go through the logger ourselves, cleanly.
            getLog().info("remote.rawOutput is off on Maven 4 (" + mavenVersion() + "), which sends a plugin's console"
                    + " output through its logger; the job's lines are logged line by line.");
            return settings;
        }
        return settings.output(new OutputMode.Raw(System.out));
    }

    @Override
    protected PythonInvocation invocation() {
        return PythonInvocation.script(script, args);
    }
}
