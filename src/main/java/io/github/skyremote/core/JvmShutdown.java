package io.github.skyremote.core;

/** Whether the JVM is running its shutdown hooks (Ctrl+C, SIGTERM, the end of the build). */
public final class JvmShutdown {
    private JvmShutdown() {
    }

    /** True once the JVM runs its shutdown hooks: hooks can then no longer be added. */
    public static boolean inProgress() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
