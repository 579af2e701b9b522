package io.github.skyremote.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, the plugin's fixed memory in the build's JVM: the plugin is compiled with {@code -XDstringConcat=inline}
 * (pom.xml), so no class of it concatenates strings through {@code invokedynamic} (which spins method handle classes
 * per concatenation shape at run time: about 50 more classes and 1 to 2 MB in every {@code remote:exec}).
 */
class StartupClassesTest {
    private static final Path CLASSES = Path.of("target/classes/io/github/skyremote");

    @Test
    void noClassConcatenatesThroughInvokedynamic() throws Exception {
        List<Path> classes;
        try (Stream<Path> files = Files.walk(CLASSES)) {
            classes = files.filter(file -> file.toString().endsWith(".class")).toList();
        }
        assertTrue(classes.size() > 100, "compiled classes under " + CLASSES + ": " + classes.size());
        List<String> indy = classes.stream().filter(StartupClassesTest::concatenatesThroughIndy)
                .map(file -> CLASSES.relativize(file).toString()).toList();
        assertEquals(List.of(), indy, "classes with StringConcatFactory call sites (is -XDstringConcat=inline gone"
                + " from the compiler's arguments in pom.xml?)");
    }

    /** The bootstrap method's name sits in the class's constant pool as plain UTF-8. */
    private static boolean concatenatesThroughIndy(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                    .contains("makeConcatWithConstants");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
