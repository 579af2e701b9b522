package io.github.skyremote.core.process;

import io.github.skyremote.core.SkyLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The output of one run, both streams and any clean-up command's: whole lines, ANSI stripped for the log file, the
 * tail and the hook, masked for everything shown or stored, shown by the {@link OutputMode}, kept in a 30-line tail
 * for error messages and copied to the log file.
 *
 * <p>A handler that throws (the log file on a full disk, a hook's bug) must not end a pump: the process would then die
 * of SIGPIPE, or block on a full pipe, and nothing would clean up after it. The first such failure goes to
 * {@code failed}; the pump keeps draining.
 */
final class ProcessOutput {
    static final int TAIL_LINES = 30;

    private final OutputSpec spec;
    private final SkyLog log;
    private final LogFile logFile;
    private final Consumer<Throwable> failed;
    private final TailRing tail = new TailRing(TAIL_LINES);
    private final List<String> captured = new ArrayList<>();

    /** @param logFile opened by the caller; null for none */
    ProcessOutput(OutputSpec spec, SkyLog log, LogFile logFile, Consumer<Throwable> failed) {
        this.spec = spec;
        this.log = log;
        this.logFile = logFile;
        this.failed = failed;
    }

    /** Reads one stream to its end on a daemon thread; {@code onOutput} runs after each read that got bytes. */
    Thread drain(InputStream stream, boolean stderr, String threadName, Runnable onOutput) {
        PrintStream raw = !stderr && spec.mode() instanceof OutputMode.Raw mode ? mode.console() : null;
        TextLines text = new TextLines(stderr);
        LineSplitter splitter = raw != null ? LineSplitter.ofBytes((line, length) -> {
            try {
                rawLine(line, length);
            } catch (RuntimeException | Error e) {
                failed.accept(e);
            }
        }) : LineSplitter.ofPieces((piece, continues) -> {
            try {
                text.piece(piece, continues);
            } catch (RuntimeException | Error e) {
                failed.accept(e);
            }
        });
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = stream) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (n > 0) {
                        onOutput.run();
                    }
                    if (raw != null) {
                        synchronized (raw) {
                            raw.write(buffer, 0, n);
                            raw.flush();
                        }
                    }
                    splitter.feed(buffer, 0, n);
                }
            } catch (IOException e) {
                // The stream closes when the process is killed; what was read has been handled.
            } finally {
                splitter.finish();
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Starts a command's part of the log file: {@code === <display> (<UTC time>)}. */
    void header(String display) {
        if (logFile == null) {
            return;
        }
        try {
            synchronized (this) {
                logFile.header(spec.masker().mask(display));
            }
        } catch (RuntimeException e) {
            failed.accept(e);
        }
    }

    synchronized List<String> tail() {
        return tail.lines();
    }

    /** stdout, ANSI stripped and not masked, of a {@link OutputMode.Captured} run. */
    synchronized List<String> captured() {
        return List.copyOf(captured);
    }

    synchronized void close() {
        if (logFile != null) {
            try {
                logFile.close();
            } catch (IOException e) {
                log.warn("Could not finish the log file " + logFile.path() + ": " + e.getMessage());
            }
        }
    }

    /**
     * One stream's text lines. A line longer than the splitter's cap comes in pieces; the end of each piece that could
     * hold the start of a secret is carried over to the next, so a secret cut in two is still masked.
     */
    private final class TextLines {
        private final boolean stderr;
        /** ANSI-stripped, unmasked text of the current long line not shown yet. */
        private String carry = "";
        private boolean midLine;

        TextLines(boolean stderr) {
            this.stderr = stderr;
        }

        void piece(String raw, boolean continues) {
            if (!midLine && !continues) {
                line(raw, stderr, true); // a whole line: the common case
                return;
            }
            String text = carry + Ansi.strip(raw);
            midLine = continues;
            int cut = continues ? spec.masker().safeCut(text) : text.length();
            carry = text.substring(cut);
            if (cut > 0) {
                // Pieces of long lines are never taken out, and are shown without colours.
                String piece = text.substring(0, cut);
                spec.hook().line(piece, stderr, false);
                deliver(piece, null, stderr, true);
            }
        }
    }

    /**
     * A stdout line that is already on the raw console. Most lines are plain output: they go to the tail and the log
     * file as bytes, with nothing allocated. Lines with escape sequences (to strip) or that concern the hook are
     * decoded and take the text path.
     */
    private void rawLine(byte[] line, int length) {
        if (Ansi.mayHaveEscapes(line, length) || spec.hook().concerns(line, length, false)) {
            line(new String(line, 0, length, StandardCharsets.UTF_8), false, false);
            return;
        }
        synchronized (this) {
            tail.add(line, length);
            if (logFile != null) {
                logFile.line(line, length);
            }
        }
    }

    /** @param show false when the line already went to the raw console */
    private void line(String raw, boolean stderr, boolean show) {
        String stripped = Ansi.strip(raw);
        String kept = spec.hook().line(stripped, stderr, true);
        if (kept != null && !stderr) {
            if (kept.isEmpty()) {
                return;
            }
            raw = kept;
            stripped = kept;
        }
        deliver(stripped, spec.stripAnsi() || stripped == raw ? null : raw, stderr, show);
    }

    /**
     * Masks the text for everything shown or stored (the hook saw it unmasked: a secret such as {@code true} or
     * {@code 12345} must not corrupt what it parses, nor captured JSON).
     *
     * @param stripped the text, ANSI stripped, not masked
     * @param coloured the text with its colours to show instead, or null
     */
    private void deliver(String stripped, String coloured, boolean stderr, boolean show) {
        SecretMasker masker = spec.masker();
        String plain = masker.mask(stripped);
        // Colours are kept only when no secret is in the line or hides in an escape sequence: one broken up by colour
        // codes would reach the console whole. Such a line is shown stripped and masked.
        String body = coloured != null && plain == stripped && masker.mask(coloured) == coloured ? coloured : plain;
        String shown = spec.linePrefix().isEmpty() ? body : spec.linePrefix() + body;
        synchronized (this) {
            if (spec.mode() instanceof OutputMode.Captured && !stderr) {
                if (captured.size() < ProcessSupervisor.MAX_CAPTURED_LINES) {
                    captured.add(stripped); // to parse, never to show
                }
                log.debug(shown);
            } else if (!show) {
                // already on the console
            } else if (stderr) {
                log.warn(shown);
            } else {
                log.info(shown);
            }
            byte[] bytes = plain.getBytes(StandardCharsets.UTF_8);
            tail.add(bytes, bytes.length);
            if (logFile != null) {
                logFile.line(bytes, bytes.length);
            }
        }
    }
}
