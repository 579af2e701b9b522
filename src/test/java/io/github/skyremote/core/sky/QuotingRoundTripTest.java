package io.github.skyremote.core.sky;

import io.github.skyremote.core.job.RemoteCommand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of the quoting: generated argument vectors survive the trip through
 * {@link RemoteCommand#compose} to SkyPilot's {@code shlex.split}, to a real bash running the command, and back
 * through {@link ShellWords#split}.
 */
class QuotingRoundTripTest {
    private static final int VECTORS = 1200;
    private static final long SEED = 20240611L;
    private static final List<String> PREFIX = List.of("export", "CUDA_VISIBLE_DEVICES=0;", "uv", "run", "--group",
            "dev", "--extra", "gpu", "python", "x.py");

    private static final String[] FRAGMENTS = {
        "'", "\"", "$", "$(touch /tmp/pwned-by-quoting)", "$(id)", "`id`", "`", "\\", "\\\\", "\n", "\t", " ", "  ",
        "é", "ß", "日本語", "😀", "👩‍💻", "e\u0301", "a\u0308\u0323", "--lr", "-k", "--", "-", ";", "&&", "||", "|", "*",
        "?", "[a-z]", "~", "~root", "#", "=", "a=b", "--lr=1e-3", "${HOME}", "$HOME", "$1", "$@", "!", "!!", ">",
        "<", "2>&1", "(", ")", "{a,b}", "%", "@", ",", ":", ".", "/", "\r", "\u0001", "\u007f", "\u00a0", "\u2028",
        "\ufeff", "x", "abc", "0", "\\n", "'\"'\"'", "\"'\"", "\\'", "\\\"",
    };

    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<List<String>> vectors;

    @TempDir
    Path tmp;

    @BeforeAll
    static void generate() {
        Random random = new Random(SEED);
        vectors = new ArrayList<>();
        // A few fixed ones first, then random ones.
        vectors.add(List.of());
        vectors.add(List.of(""));
        vectors.add(List.of("", ""));
        vectors.add(List.of("--lr", "1e-3", "-k", "not slow"));
        vectors.add(List.of("'", "\"", "\\", "$(touch /tmp/pwned-by-quoting)", "`id`", "\n", "😀", "e\u0301"));
        while (vectors.size() < VECTORS) {
            int count = random.nextInt(7);
            List<String> vector = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                vector.add(word(random));
            }
            vectors.add(vector);
        }
    }

    private static String word(Random random) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return "";
        }
        StringBuilder word = new StringBuilder();
        int parts = 1 + random.nextInt(5);
        for (int p = 0; p < parts; p++) {
            if (random.nextInt(4) == 0) {
                // a random code point: no NUL, no surrogates
                int cp;
                do {
                    cp = random.nextBoolean() ? 1 + random.nextInt(0x7F) : 0x80 + random.nextInt(0x10FFFF - 0x80);
                } while (cp >= 0xD800 && cp <= 0xDFFF);
                word.appendCodePoint(cp);
            } else {
                word.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
        }
        return word.toString();
    }

    private static List<String> pythonArgs(List<String> vector) {
        List<String> args = new ArrayList<>();
        args.add("x.py");
        args.addAll(vector);
        return args;
    }

    private static String command(List<String> vector) {
        return RemoteCommand.compose("0", List.of("dev"), "gpu", pythonArgs(vector));
    }

    @Test
    void enoughVectorsWithoutNul() {
        assertTrue(vectors.size() >= 1000);
        for (List<String> vector : vectors) {
            for (String word : vector) {
                assertTrue(word.indexOf('\0') < 0);
            }
        }
    }

    @Test
    void splitOfJoinGivesBackTheVector() {
        for (List<String> vector : vectors) {
            assertEquals(vector, ShellWords.split(ShellWords.join(vector)), () -> "vector " + vector);
            List<String> expected = new ArrayList<>(PREFIX);
            expected.addAll(vector);
            assertEquals(expected, ShellWords.split(command(vector)),
                    () -> "command " + command(vector));
        }
    }

    /** SkyPilot reads the remote command with Python's shlex.split; run one python3 for all vectors. */
    @Test
    void pythonShlexSplitsTheCommandBackIntoTheVector() throws Exception {
        String script = String.join("\n",
                "import json, shlex, sys",
                "commands = json.loads(sys.stdin.buffer.read().decode('utf-8'))",
                "out = []",
                "for c in commands:",
                "    try:",
                "        out.append({'ok': True, 'tokens': shlex.split(c)})",
                "    except Exception as e:",
                "        out.append({'ok': False, 'error': repr(e)})",
                "sys.stdout.write(json.dumps(out, ensure_ascii=True))",
                "");
        List<String> commands = new ArrayList<>();
        for (List<String> vector : vectors) {
            commands.add(command(vector));
        }
        ProcessBuilder builder = new ProcessBuilder("python3", "-c", script);
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process python = builder.start();
        try (OutputStream in = python.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(commands));
        }
        byte[] output;
        try (InputStream out = python.getInputStream()) {
            output = out.readAllBytes();
        }
        assertTrue(python.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, python.exitValue(), "python3 failed");
        JsonNode results = JSON.readTree(output);
        assertEquals(vectors.size(), results.size());
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode result = results.get(i);
            String command = commands.get(i);
            if (!result.get("ok").asBoolean()) {
                fail("shlex.split failed on " + command + ": " + result.get("error").asText());
            }
            List<String> tokens = new ArrayList<>();
            result.get("tokens").forEach(t -> tokens.add(t.asText()));
            List<String> expected = new ArrayList<>(PREFIX);
            expected.addAll(vectors.get(i));
            assertEquals(expected, tokens, "shlex.split of " + command);
            assertEquals(pythonArgs(vectors.get(i)), tokens.subList(tokens.indexOf("python") + 1, tokens.size()));
        }
    }

    /** bash on the cluster runs the command: the fake uv must receive exactly the vector, byte for byte. */
    @Test
    void bashDeliversTheExactBytesToUv() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path uv = bin.resolve("uv");
        Files.writeString(uv, "#!/bin/bash\n"
                + "printf '%s\\0' \"$@\" > \"$FAKE_UV_OUT\"\n"
                + "printf '%s' \"${CUDA_VISIBLE_DEVICES-<unset>}\" > \"$FAKE_UV_OUT.cuda\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(uv, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path commandFile = tmp.resolve("command.sh");
        Path out = tmp.resolve("uv-argv");
        Path cuda = tmp.resolve("uv-argv.cuda");
        String path = bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        boolean utf8Argv = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"));

        for (List<String> vector : vectors) {
            String command = command(vector);
            Files.deleteIfExists(out);
            Files.deleteIfExists(cuda);
            ProcessBuilder builder;
            if (utf8Argv) {
                builder = new ProcessBuilder("/bin/bash", "-c", command);
            } else {
                // The JVM would encode argv in ASCII (LANG=C): pass the command through a UTF-8 file; the inner
                // bash is still a real `bash -c <command>`.
                Files.writeString(commandFile, command, StandardCharsets.UTF_8);
                builder = new ProcessBuilder("/bin/bash", "-c", "exec /bin/bash -c \"$(< \"$1\")\"", "outer",
                        commandFile.toString());
            }
            builder.directory(tmp.toFile());
            builder.environment().put("PATH", path);
            builder.environment().put("FAKE_UV_OUT", out.toString());
            builder.environment().put("CUDA_VISIBLE_DEVICES", "not-exported");
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.redirectErrorStream(true);
            Process bash = builder.start();
            byte[] console = bash.getInputStream().readAllBytes();
            assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
            assertEquals(0, bash.exitValue(), () -> "bash failed on " + command + ": "
                    + new String(console, StandardCharsets.UTF_8));

            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (String word : List.of("run", "--group", "dev", "--extra", "gpu", "python", "x.py")) {
                expected.write(word.getBytes(StandardCharsets.UTF_8));
                expected.write(0);
            }
            for (String word : vector) {
                expected.write(word.getBytes(StandardCharsets.UTF_8));
                expected.write(0);
            }
            assertArrayEquals(expected.toByteArray(), Files.readAllBytes(out), () -> "uv argv for " + command);
            assertEquals("0", Files.readString(cuda, StandardCharsets.UTF_8), () -> "CUDA for " + command);
        }
        assertTrue(Files.notExists(Path.of("/tmp/pwned-by-quoting")) || !pwnedIsNew(),
                "a $(...) in an argument was executed");
    }

    private static boolean pwnedIsNew() throws IOException {
        // Only fail when the marker is younger than this JVM (an old leftover says nothing about us).
        long start = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
        return Files.getLastModifiedTime(Path.of("/tmp/pwned-by-quoting")).toMillis() >= start;
    }
}
