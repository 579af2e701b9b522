package io.github.skyremote.core.job;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Setting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkdirTest {
    @TempDir
    Path tmp;

    private Path project;
    private Workdir workdir;

    @BeforeEach
    void layout() throws Exception {
        project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("x.py"), "print('x')\n");
        Files.createDirectories(project.resolve("sub/deeper"));
        Files.writeString(project.resolve("sub/y.py"), "print('y')\n");
        Files.writeString(tmp.resolve("outside.py"), "print('outside')\n");
        workdir = Workdir.of(project);
    }

    private String script(String given) throws BadInputException {
        return workdir.relativize(given, "Script", Setting.SCRIPT, true);
    }

    @Test
    void pathIsTheRealAbsoluteDirectory() throws Exception {
        assertEquals(project.toRealPath(), workdir.path());
        assertEquals(project.toRealPath(), Workdir.of(project.resolve("sub/..")).path());
    }

    @Test
    void normalisesRelativeScriptPaths() throws Exception {
        assertEquals("x.py", script("x.py"));
        assertEquals("x.py", script("./x.py"));
        assertEquals("x.py", script("sub/../x.py"));
        assertEquals("x.py", script("sub/deeper/../../x.py"));
        assertEquals("sub/y.py", script("sub/y.py"));
        assertEquals("sub/y.py", script("./sub/./y.py"));
    }

    @Test
    void absoluteScriptInsideTheWorkdirBecomesRelative() throws Exception {
        assertEquals("sub/y.py", script(workdir.path().resolve("sub/y.py").toString()));
    }

    @Test
    void scriptOutsideTheWorkdirIsAnError() {
        BadInputException e = assertThrows(BadInputException.class, () -> script("../outside.py"));
        assertTrue(e.getMessage().startsWith("Script '../outside.py' is outside the workdir "), e.getMessage());
        assertTrue(e.getMessage().contains("only the workdir is synced"), e.getMessage());
        assertTrue(e.fix().toString().contains("{workdir}"), e.fix().toString());
        assertThrows(BadInputException.class, () -> script("sub/../../outside.py"));
        assertThrows(BadInputException.class, () -> script(tmp.resolve("outside.py").toString()));
    }

    @Test
    void missingOutsidePathIsStillOutside() {
        BadInputException e = assertThrows(BadInputException.class, () -> script("../nope.py"));
        assertTrue(e.getMessage().contains("outside the workdir"), e.getMessage());
    }

    @Test
    void symlinkPointingOutsideIsAnError() throws Exception {
        Files.createSymbolicLink(project.resolve("link.py"), tmp.resolve("outside.py"));
        BadInputException e = assertThrows(BadInputException.class, () -> script("link.py"));
        assertTrue(e.getMessage().contains("outside the workdir"), e.getMessage());
        assertTrue(e.getMessage().contains("a link to " + tmp.resolve("outside.py").toRealPath()), e.getMessage());
    }

    @Test
    void symlinkedDirectoryPointingOutsideIsAnError() throws Exception {
        Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(tmp.resolve("elsewhere/z.py"), "");
        Files.createSymbolicLink(project.resolve("linked"), tmp.resolve("elsewhere"));
        BadInputException e = assertThrows(BadInputException.class, () -> script("linked/z.py"));
        assertTrue(e.getMessage().contains("outside the workdir"), e.getMessage());
    }

    @Test
    void symlinkInsideTheWorkdirIsFine() throws Exception {
        Files.createSymbolicLink(project.resolve("alias.py"), project.resolve("sub/y.py"));
        assertEquals("alias.py", script("alias.py"));
    }

    @Test
    void missingScriptIsAnError() {
        BadInputException e = assertThrows(BadInputException.class, () -> script("nope.py"));
        assertEquals("Script 'nope.py' does not exist (looked for " + workdir.path().resolve("nope.py") + ").",
                e.getMessage());
        assertTrue(e.fix().toString().contains("{script}"), e.fix().toString());
    }

    @Test
    void scriptThatIsADirectoryIsAnError() {
        BadInputException e = assertThrows(BadInputException.class, () -> script("sub"));
        assertEquals("Script 'sub' is not a file.", e.getMessage());
    }

    @Test
    void directoryIsFineWhenAFileIsNotRequired() throws Exception {
        assertEquals("sub", workdir.relativize("sub", "Test path", Setting.TEST_PATH, false));
        assertEquals(".", workdir.relativize(".", "Test path", Setting.TEST_PATH, false));
        assertEquals("sub/deeper", workdir.relativize("./sub/deeper/", "Test path", Setting.TEST_PATH, false));
    }

    @Test
    void blankScriptIsAnError() {
        BadInputException e = assertThrows(BadInputException.class, () -> script(" "));
        assertEquals("No script given.", e.getMessage());
        assertThrows(BadInputException.class, () -> script(null));
    }

    @Test
    void missingWorkdirIsAnError() {
        BadInputException e = assertThrows(BadInputException.class, () -> Workdir.of(tmp.resolve("nope")));
        assertEquals("The workdir " + tmp.resolve("nope").toAbsolutePath() + " does not exist.", e.getMessage());
        assertTrue(e.fix().toString().contains("{workdir}"), e.fix().toString());
    }

    @Test
    void workdirThatIsAFileIsAnError() {
        BadInputException e = assertThrows(BadInputException.class, () -> Workdir.of(tmp.resolve("outside.py")));
        assertEquals("The workdir " + tmp.resolve("outside.py").toAbsolutePath() + " is a file, not a directory.",
                e.getMessage());
    }
}
