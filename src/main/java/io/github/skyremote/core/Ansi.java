package io.github.skyremote.core;

import java.util.regex.Pattern;

/** ANSI escape sequences: sky colours its output even when piped. */
public final class Ansi {
    private static final Pattern CSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]|\u001B\\][^\u0007]*\u0007");

    private Ansi() {
    }

    public static String strip(String text) {
        return text.indexOf('\u001B') < 0 ? text : CSI.matcher(text).replaceAll("");
    }
}
