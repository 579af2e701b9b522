package io.github.skyremote.core.cluster;

import io.github.skyremote.core.Setting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterNamesTest {

    /** Returns fixed values from nextInt(bound) and records the bounds asked for. */
    private static final class FixedRandom implements RandomGenerator {
        private final int value;
        private final List<Integer> bounds = new ArrayList<>();

        FixedRandom(int value) {
            this.value = value;
        }

        @Override
        public long nextLong() {
            return value;
        }

        @Override
        public int nextInt(int bound) {
            bounds.add(bound);
            return value;
        }
    }

    /** SkyPilot's CLUSTER_NAME_VALID_REGEX {@code [a-zA-Z]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?}, written out by hand. */
    private static boolean skyPilotAccepts(String name) {
        if (name.isEmpty() || !isAsciiLetter(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isAsciiLetter(c) || isAsciiDigit(c) || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        char last = name.charAt(name.length() - 1);
        return isAsciiLetter(last) || isAsciiDigit(last);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "ab", "a1", "gpu-matmul-12345", "A.b_c-d9", "tpu-tpu-v6e-1-matmul-00042",
        "a--b", "a..b", "a__b"})
    void validNames(String name) {
        assertTrue(ClusterNames.isValid(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "-a", "_a", ".a", "a-", "a_", "a.", "a b", "a/b", "é", "aé", "a\n",
        "gpu-x\n", "\ngpu-x", "$(touch /tmp/pwned)", "a;b", "a:b", "１a", "a１"})
    void invalidNames(String name) {
        assertFalse(ClusterNames.isValid(name));
    }

    @Test
    void nullIsInvalid() {
        assertFalse(ClusterNames.isValid(null));
    }

    @Test
    void isValidAgreesWithSkyPilotsRegexOnRandomStrings() {
        char[] alphabet = "aZk09-_. /\n!é$".toCharArray();
        Random random = new Random(42);
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(8);
            StringBuilder name = new StringBuilder();
            for (int j = 0; j < length; j++) {
                name.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String text = name.toString();
            assertEquals(skyPilotAccepts(text), ClusterNames.isValid(text), () -> "'" + text + "'");
            if (skyPilotAccepts(text)) {
                valid++;
            }
        }
        assertTrue(valid > 100, "the sample has valid names too: " + valid);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "matmul_bench|matmul_bench",
        "123abc|abc",
        "my exp!|my-exp",
        "a...|a",
        "\"\"|default",
        "!!!|default",
        "12345|default",
        "-_.|default",
        "abcdefghijklmnopqrstuvwxyz0123|abcdefghijklmnopqrst",
        "abcdefghijklmnopqrs-tuvw|abcdefghijklmnopqrs",
        "remote-maven-plugin|remote-maven-plugin",
        "Lynx.Bench_v2|Lynx.Bench_v2",
        "a😀b|a-b",
        "über|ber",
    })
    void sanitizesExperiments(String experiment, String expected) {
        assertEquals(expected, ClusterNames.sanitizeExperiment(experiment));
    }

    @Test
    void sanitizesNullAsDefault() {
        assertEquals("default", ClusterNames.sanitizeExperiment(null));
    }

    @Test
    void thirtyCharacterNamesAreCutToTwenty() {
        String sanitized = ClusterNames.sanitizeExperiment("experiment_with_a_long_name_30");
        assertEquals("experiment_with_a_lo", sanitized);
        assertEquals(20, sanitized.length());
    }

    @Test
    void gpuNameFormat() throws Exception {
        FixedRandom random = new FixedRandom(42);
        assertEquals("gpu-matmul-00042", ClusterNames.newName(Device.GPU,
                Accelerator.parse("H100:1", Setting.ACCELERATOR), "matmul", random));
        assertEquals(List.of(100_000), random.bounds);
        assertEquals("gpu-default-99999", ClusterNames.newName(Device.GPU, null, "!!!", new FixedRandom(99_999)));
        assertEquals("gpu-abc-00000", ClusterNames.newName(Device.GPU, null, "123abc", new FixedRandom(0)));
    }

    @Test
    void tpuNameFormat() throws Exception {
        assertEquals("tpu-tpu-v6e-1-matmul-00042", ClusterNames.newName(Device.TPU,
                Accelerator.parse("tpu-v6e-1", Setting.ACCELERATOR), "matmul", new FixedRandom(42)));
        assertEquals("tpu-tpu-v4-8-my-exp-12345", ClusterNames.newName(Device.TPU,
                Accelerator.parse("TPU-V4-8:1", Setting.ACCELERATOR), "my exp!", new FixedRandom(12345)));
    }

    @Test
    void generatedNamesAreAlwaysValid() throws Exception {
        Random random = new Random(99);
        String[] accelerators = {"tpu-v6e-1", "tpu-v5litepod-8", "tpu-v4-8:1", "TPU-V5P-16"};
        for (int i = 0; i < 2000; i++) {
            StringBuilder experiment = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                experiment.appendCodePoint(random.nextInt(4) == 0 ? 0x20 + random.nextInt(0x3000)
                        : "abcXYZ019-_. !/".charAt(random.nextInt(15)));
            }
            String gpu = ClusterNames.newName(Device.GPU, null, experiment.toString(), random);
            assertTrue(gpu.matches("gpu-[a-zA-Z][-_.a-zA-Z0-9]{0,19}-[0-9]{5}"), gpu);
            assertTrue(ClusterNames.isValid(gpu), gpu);
            assertTrue(skyPilotAccepts(gpu), gpu);

            Accelerator accelerator = Accelerator.parse(accelerators[i % accelerators.length], Setting.ACCELERATOR);
            String tpu = ClusterNames.newName(Device.TPU, accelerator, experiment.toString(), random);
            assertTrue(tpu.matches("tpu-" + accelerator.name().toLowerCase() + "-[a-zA-Z][-_.a-zA-Z0-9]{0,19}-[0-9]{5}"),
                    tpu);
            assertTrue(skyPilotAccepts(tpu), tpu);
        }
    }
}
