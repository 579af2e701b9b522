package io.github.skyremote.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.JobFailedException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import io.github.skyremote.core.SkyFailedException;
import io.github.skyremote.core.job.DeferredFailures;
import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core's typed errors become Maven's in one place ({@link MavenFailures}): the user's job failing is a
 * {@link MojoFailureException}, bad input and {@code sky} failing are {@link MojoExecutionException}s, and the text is
 * spelled for Maven, also when a Mojo defers the failure to {@code remote:verify}.
 */
class MavenFailuresTest {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path tmp;

    @Test
    void aFailedJobIsAMojoFailure() {
        JobFailedException job = new JobFailedException(Message.of("Remote job 7 on gpu-x failed: train.py exited"
                + " with code 3."), Message.of("Log: x.log"));
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> MavenFailures.fail(job));
        assertEquals("Remote job 7 on gpu-x failed: train.py exited with code 3." + NL + "        Log: x.log",
                e.getMessage());
        assertSame(job, e.getCause());
    }

    @Test
    void badInputAndSkyFailingAreExecutionErrorsSpelledForMaven() {
        BadInputException input = new BadInputException(Message.of("Invalid name in ", Setting.ENV.configured(),
                "."), Message.of("Set ", Setting.SYNC_WARN_MB.option("0"), "\nor ", Setting.SKY.option()));
        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> MavenFailures.fail(input));
        assertEquals("Invalid name in <env>." + NL + "        Set -Dremote.syncWarnMb=0" + NL + "        or -Dremote.sky",
                e.getMessage());
        assertSame(input, e.getCause());
        assertTrue(e.getMessage().contains(input.getMessage()), "Maven's summary adds the cause's message unless it"
                + " is already there: " + input.getMessage());

        SkyFailedException sky = new SkyFailedException("sky exec failed (exit code 1): boom", "");
        MojoExecutionException s = assertThrows(MojoExecutionException.class, () -> MavenFailures.fail(sky));
        assertEquals("sky exec failed (exit code 1): boom", s.getMessage());
        assertSame(sky, s.getCause());
    }

    @Test
    void aGoalsBadInputFailsTheBuildInMavenSpelling() throws Exception {
        ExecMojo exec = new ExecMojo();
        exec.session = TestSessions.of(new Properties(), tmp.toFile()); // batch mode, no device anywhere
        MojoExecutionException e = assertThrows(MojoExecutionException.class, exec::execute);
        assertEquals("No device given." + NL + "        Choose one: -Ddevice=gpu|tpu (or <device> in the plugin"
                + " configuration).", e.getMessage());
        assertTrue(e.getCause() instanceof BadInputException, String.valueOf(e.getCause()));
        // Maven's error summary adds each cause's message it does not already show: it must show nothing twice.
        assertEquals("No device given.", e.getCause().getMessage());
    }

    @Test
    void aDeferredFailureIsRecordedInMavenSpellingAndFailsVerify() throws Exception {
        Properties commandLine = new Properties();
        commandLine.setProperty(PropertyNames.DEFER_FAILURE, "true");
        ExecMojo exec = new ExecMojo();
        exec.session = TestSessions.of(commandLine, tmp.toFile());
        exec.execute(); // records instead of failing

        VerifyMojo verify = new VerifyMojo();
        verify.session = TestSessions.of(new Properties(), tmp.toFile());
        buildDirectory(verify, tmp.resolve("target").toFile());
        MojoExecutionException e = assertThrows(MojoExecutionException.class, verify::execute);
        assertTrue(e.getMessage().contains("Choose one: -Ddevice=gpu|tpu (or <device> in the plugin configuration)."),
                e.getMessage());

        new DeferredFailures(tmp.resolve("target/remote/failures")).record("exec-it", true, "Remote job 7 failed.");
        MojoFailureException job = assertThrows(MojoFailureException.class, verify::execute);
        assertTrue(job.getMessage().contains("exec-it: Remote job 7 failed."), job.getMessage());
    }

    @Test
    void verifyIsSkippedFromTheCommandLineOverThePom() throws Exception {
        new DeferredFailures(tmp.resolve("target/remote/failures")).record("exec-it", true, "Remote job 7 failed.");
        Properties commandLine = new Properties();
        commandLine.setProperty(PropertyNames.SKIP, "true");
        VerifyMojo verify = new VerifyMojo();
        verify.session = TestSessions.of(commandLine, tmp.toFile());
        verify.skip = false; // as the POM says
        buildDirectory(verify, tmp.resolve("target").toFile());
        verify.execute(); // skipped: no failure
    }

    private static void buildDirectory(VerifyMojo verify, File directory) throws Exception {
        Field field = VerifyMojo.class.getDeclaredField("buildDirectory");
        field.setAccessible(true);
        field.set(verify, directory);
    }
}
