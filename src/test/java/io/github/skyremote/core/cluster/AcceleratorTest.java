package io.github.skyremote.core.cluster;

import io.github.skyremote.core.BadInputException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class AcceleratorTest {

    @Test
    void parsesNameOnly() throws Exception {
        Accelerator a = Accelerator.parse("H100", "accelerator");
        assertEquals("H100", a.name());
        assertNull(a.count());
        assertEquals("H100", a.toString());
        assertFalse(a.isTpu());
    }

    @Test
    void parsesNameAndCount() throws Exception {
        assertEquals(new Accelerator("H100", "1"), Accelerator.parse("H100:1", "accelerator"));
        assertEquals(new Accelerator("A100-80GB", "8"), Accelerator.parse("A100-80GB:8", "accelerator"));
        assertEquals(new Accelerator("H100", "0.5"), Accelerator.parse("H100:0.5", "accelerator"));
        assertEquals("A100-80GB:8", Accelerator.parse("A100-80GB:8", "accelerator").toString());
        assertEquals("H100:1", Accelerator.parse("  H100:1 ", "accelerator").toString());
    }

    @Test
    void recognisesTpus() throws Exception {
        assertTrue(Accelerator.parse("tpu-v6e-1", "accelerator").isTpu());
        assertTrue(Accelerator.parse("TPU-V4-8:1", "accelerator").isTpu());
        assertFalse(Accelerator.parse("tpuv4", "accelerator").isTpu());
    }

    @ParameterizedTest
    @ValueSource(strings = {"H100:abc", "H100:0", "H100:0.0", "H100:-1", "H100:", ":1", "a:b:c", "", "   ",
        "H 100", "H100:1:2"})
    @NullSource
    void rejectsMalformedValuesNamingTheParameter(String value) {
        BadInputException e = assertThrows(BadInputException.class, () -> Accelerator.parse(value, "accelerator"));
        assertTrue(e.getMessage().startsWith("Invalid accelerator '" + value + "'"), e.getMessage());
        assertTrue(e.fix().contains("-Daccelerator=H100:1"), e.fix());

        BadInputException gpus = assertThrows(BadInputException.class, () -> Accelerator.parse(value, "remote.gpus"));
        assertTrue(gpus.getMessage().startsWith("Invalid remote.gpus '" + value + "'"), gpus.getMessage());
        assertTrue(gpus.fix().contains("-Dremote.gpus=H100:1"), gpus.fix());
    }

    @Test
    void zeroCountMessageSaysTheCountIsNotPositive() {
        BadInputException e = assertThrows(BadInputException.class, () -> Accelerator.parse("H100:0", "accelerator"));
        assertEquals("Invalid accelerator 'H100:0': the count '0' is not a positive number.", e.getMessage());
        BadInputException shape = assertThrows(BadInputException.class,
                () -> Accelerator.parse("a:b:c", "accelerator"));
        assertEquals("Invalid accelerator 'a:b:c': expected NAME or NAME:COUNT.", shape.getMessage());
    }

    @Test
    void gpuDeviceTakesGpusAndRefusesTpus() throws Exception {
        Accelerator h100 = Accelerator.parse("H100:1", "accelerator");
        assertSame(h100, h100.requireFits(Device.GPU, "accelerator"));
        Accelerator tpu = Accelerator.parse("tpu-v6e-1", "accelerator");
        BadInputException e = assertThrows(BadInputException.class, () -> tpu.requireFits(Device.GPU, "accelerator"));
        assertEquals("Accelerator 'tpu-v6e-1' is a TPU, but the device is gpu.", e.getMessage());
        assertTrue(e.fix().contains("-Ddevice=tpu"), e.fix());
        assertTrue(e.fix().contains("-Daccelerator=H100:1"), e.fix());
        BadInputException gpus = assertThrows(BadInputException.class,
                () -> tpu.requireFits(Device.GPU, "remote.gpus"));
        assertTrue(gpus.fix().contains("-Dremote.gpus=H100:1"), gpus.fix());
    }

    @Test
    void tpuDeviceTakesTpusAndRefusesGpus() throws Exception {
        Accelerator tpu = Accelerator.parse("tpu-v6e-1", "accelerator");
        assertSame(tpu, tpu.requireFits(Device.TPU, "accelerator"));
        Accelerator h100 = Accelerator.parse("H100:1", "accelerator");
        BadInputException e = assertThrows(BadInputException.class, () -> h100.requireFits(Device.TPU, "accelerator"));
        assertEquals("Accelerator 'H100:1' is not a TPU, but the device is tpu.", e.getMessage());
        assertTrue(e.fix().contains("-Daccelerator=tpu-v6e-1"), e.fix());
        assertTrue(e.fix().contains("-Ddevice=gpu"), e.fix());
        BadInputException gpus = assertThrows(BadInputException.class,
                () -> h100.requireFits(Device.TPU, "remote.gpus"));
        assertTrue(gpus.fix().contains("-Dremote.gpus=tpu-v6e-1"), gpus.fix());
    }
}
