package io.github.skyremote.core;

import java.util.ArrayList;
import java.util.List;

/** What follows {@code python} in the remote command, validated against the workdir. */
public interface PythonInvocation {
    /** The words after {@code python}, with paths relative to the workdir. */
    List<String> pythonArgs(Workdir workdir) throws BadInputException;

    /** For messages, e.g. {@code train.py}. */
    String describe();

    /** Wraps the composed remote command, e.g. to send a report back after it; the default adds nothing. */
    default String wrap(String remoteCommand) {
        return remoteCommand;
    }

    /** {@code python <script> [args...]}. */
    static PythonInvocation script(String script, List<String> args) {
        return new PythonInvocation() {
            @Override
            public List<String> pythonArgs(Workdir workdir) throws BadInputException {
                List<String> words = new ArrayList<>();
                words.add(workdir.relativize(script, "Script", "script", true));
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
