package io.github.skyremote.core;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A class loader of its own over the test class path (nothing shared with the test's loader but the JDK), so that a
 * test can run code in it and then ask which classes that code loaded: e.g. that reading pyproject.toml does not
 * load Jackson's ObjectMapper.
 */
public final class IsolatedClasses extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    public IsolatedClasses() {
        super(classPath(), ClassLoader.getPlatformClassLoader());
    }

    /** Whether code run through this loader has loaded the class. */
    public boolean loaded(String className) {
        synchronized (getClassLoadingLock(className)) {
            return findLoadedClass(className) != null;
        }
    }

    private static URL[] classPath() {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            try {
                urls.add(Path.of(entry).toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(entry, e);
            }
        }
        return urls.toArray(URL[]::new);
    }
}
