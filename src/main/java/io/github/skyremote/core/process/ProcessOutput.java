package io.github.skyremote.core.process;

import io.github.skyremote.core.SkyLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The output of one run, both streams and any clean-up command's: whole lines, ANSI stripped for the log file, the
 * tail and the hook, masked for everything shown or stored, shown by the {@link OutputMode}, kept in a 30-line tail
 * for error messages and copied to the log file.
 *
 * <p>Most lines of a job are plain: printable ASCII (no escape sequence to strip, nothing to decode), nothing for the
 * hook, no secret. Those stay bytes from the pipe to the console ({@link SkyLog#output}), the tail and the log file,
 * with nothing allocated per line, so that a job printing millions of lines costs little time and no garbage. The
 * others are decoded and take the text path. Whenever the stream has nothing more to read for now, what the log holds
 * back is shown ({@link SkyLog#flush()}): a line printed alone reaches the console at once, a flood in large writes.
 *
 * <p>A handler that throws (the log file on a full disk, a hook's bug) must not end a pump: the process would then die
 * of SIGPIPE, or block on a full pipe, and nothing would clean up after it. The first such failure goes to
 * {@code failed}; the pump keeps draining.
 */
final class ProcessOutput {
    static final int TAIL_LINES = 30;
    private static final int READ_BYTES = 65536;

    private final OutputSpec spec;
    private final SkyLog log;
    private final LogFile logFile;
    private final Consumer<Throwable> failed;
    /** The line prefix as bytes; null when it is not printable ASCII (then every shown line takes the text path). */
    private final byte[] prefix;
    private final TailRing tail = new TailRing(TAIL_LINES);
    private final List<String> captured = new ArrayList<>();

    /** @param logFile opened by the caller; null for none */
    ProcessOutput(OutputSpec spec, SkyLog log, LogFile logFile, Consumer<Throwable> failed) {
        this.spec = spec;
        this.log = log;
        this.logFile = logFile;
        this.failed = failed;
        byte[] bytes = spec.linePrefix().getBytes(StandardCharsets.UTF_8);
        this.prefix = printableAscii(bytes, bytes.length) ? bytes : null;
    }

    /** Reads one stream to its end on a daemon thread; {@code onOutput} runs after each read that got bytes. */
    Thread drain(InputStream stream, boolean stderr, String threadName, Runnable onOutput) {
        Lines lines = new Lines(stderr);
        LineSplitter splitter = LineSplitter.ofBytes((line, length, continues) -> {
            try {
                lines.add(line, length, continues);
            } catch (RuntimeException | Error e) {
                failed.accept(e);
            }
        });
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[READ_BYTES];
            try (InputStream in = stream) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (n > 0) {
                        onOutput.run();
                    }
                    splitter.feed(buffer, 0, n);
                    if (in.available() == 0) {
                        idle(); // the next read may wait: what is held back must not wait with it
                    }
                }
            } catch (IOException e) {
                // The stream closes when the process is killed; what was read has been handled.
            } finally {
                splitter.finish();
                idle();
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void idle() {
        try {
            synchronized (this) {
                log.flush();
            }
        } catch (RuntimeException e) {
            failed.accept(e);
        }
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
        idle();
        if (logFile != null) {
            try {
                logFile.close();
            } catch (IOException e) {
                log.warn("Could not finish the log file " + logFile.path() + ": " + e.getMessage());
            }
        }
    }

    /**
     * One stream's lines. A line longer than the splitter's cap comes in pieces; the end of each piece that could hold
     * the start of a secret is carried over to the next, so a secret cut in two is still masked.
     */
    private final class Lines {
        private final boolean stderr;
        /** ANSI-stripped, unmasked text of the current long line not shown yet. */
        private String carry = "";
        private boolean midLine;

        Lines(boolean stderr) {
            this.stderr = stderr;
        }

        void add(byte[] line, int length, boolean continues) {
            if (!midLine && !continues) { // a whole line: the common case
                if (plain(line, length)) {
                    plainLine(line, length);
                } else {
                    line(new String(line, 0, length, StandardCharsets.UTF_8), stderr);
                }
                return;
            }
            String text = carry + Ansi.strip(new String(line, 0, length, StandardCharsets.UTF_8));
            midLine = continues;
            int cut = continues ? spec.masker().safeCut(text) : text.length();
            carry = text.substring(cut);
            if (cut > 0) {
                // Pieces of long lines are never taken out, and are shown without colours.
                String piece = text.substring(0, cut);
                spec.hook().line(piece, stderr, false);
                deliver(piece, null, stderr);
            }
        }

        /** A shown stdout line nothing needs to read as text: no escape sequence, not for the hook, no secret. */
        private boolean plain(byte[] line, int length) {
            return !stderr && prefix != null && spec.mode() instanceof OutputMode.Shown
                    && printableAscii(line, length) && !spec.hook().concerns(line, length, false)
                    && !spec.masker().mayOccurIn(line, length);
        }
    }

    /** Shown, kept and logged as the bytes it is. */
    private synchronized void plainLine(byte[] line, int length) {
        log.output(prefix, line, length);
        tail.add(line, length);
        if (logFile != null) {
            logFile.line(line, length);
        }
    }

    /** True when every byte is printable ASCII or a tab: such a line reads the same as bytes and as text. */
    static boolean printableAscii(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if ((b < 0x20 && b != '\t') || b == 0x7F) { // bytes >= 0x80 are negative: below 0x20 too
                return false;
            }
        }
        return true;
    }

    private void line(String raw, boolean stderr) {
        String stripped = Ansi.strip(raw);
        String kept = spec.hook().line(stripped, stderr, true);
        if (kept != null && !stderr) {
            if (kept.isEmpty()) {
                return;
            }
            raw = kept;
            stripped = kept;
        }
        deliver(stripped, spec.stripAnsi() || stripped == raw ? null : raw, stderr);
    }

    /**
     * Masks the text for everything shown or stored (the hook saw it unmasked: a secret such as {@code true} or
     * {@code 12345} must not corrupt what it parses, nor captured JSON).
     *
     * @param stripped the text, ANSI stripped, not masked
     * @param coloured the text with its colours to show instead, or null
     */
    private void deliver(String stripped, String coloured, boolean stderr) {
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
