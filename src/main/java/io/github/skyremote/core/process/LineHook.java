package io.github.skyremote.core.process;

/** Looks at the lines of a process's output on their way to the display: parses them, or takes some out. */
public interface LineHook {
    LineHook NONE = new LineHook() {
        @Override
        public boolean concerns(byte[] line, int length, boolean stderr) {
            return false;
        }

        @Override
        public String line(String plain, boolean stderr, boolean whole) {
            return null;
        }
    };

    /**
     * A cheap test of a line's raw bytes, {@code line[0, length)}, that must not allocate: false when the line cannot
     * concern this hook, so that a plain line need not be decoded for it. True is always safe.
     */
    boolean concerns(byte[] line, int length, boolean stderr);

    /**
     * @param plain a line, or a piece of a line longer than the splitter's cap ({@code whole} false); ANSI stripped,
     *        secrets not yet masked: the hook must not log it
     * @return for a whole stdout line: null to keep it as it is, else what is left of it to show and log ("" for
     *         nothing); ignored for other lines
     */
    String line(String plain, boolean stderr, boolean whole);
}
