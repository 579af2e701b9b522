package io.github.skyremote.core.job;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Setting;
import java.util.ArrayList;
import java.util.List;

/** What follows {@code python} in the remote command, validated against the workdir. */
public interface PythonInvocation {
    /** The words after {@code python}, with paths relative to the workdir. */
    List<String> pythonArgs(Workdir workdir) throws BadInputException;

    /** For messages, e.g. {@code train.py}. */
    String describe();

    /** What the remote command prints after the program exits (its exit status), and reads it back. */
    JobEpilogue epilogue();

    /** True when the program writes a report to {@link JobEpilogue#reportFile()} that must come back. */
    default boolean sendsReport() {
        return false;
    }

    /** {@code python <script> [args...]}. */
    static PythonInvocation script(String script, List<String> args) {
        return script(script, args, JobEpilogue.create());
    }

    /** {@code python <script> [args...]}, followed by the given epilogue. */
    static PythonInvocation script(String script, List<String> args, JobEpilogue epilogue) {
        return new PythonInvocation() {
            @Override
            public JobEpilogue epilogue() {
                return epilogue;
            }

            @Override
            public List<String> pythonArgs(Workdir workdir) throws BadInputException {
                List<String> words = new ArrayList<>();
                words.add(workdir.relativize(script, "Script", Setting.SCRIPT, true));
                if (args != null) {
                    for (String arg : args) {
                        words.add(arg == null ? "" : arg); // Maven reads <arg></arg> as null: an empty argument
                    }
                }
                return words;
            }

            @Override
            public String describe() {
                return script;
            }
        };
    }
}
