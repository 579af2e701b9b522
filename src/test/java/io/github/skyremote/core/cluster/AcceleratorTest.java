package io.github.skyremote.core.cluster;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Setting;
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
        Accelerator a = Accelerator.parse("H100", Setting.ACCELERATOR);
        assertEquals("H100", a.name());
        assertNull(a.count());
        assertEquals("H100", a.toString());
        assertFalse(a.isTpu());
    }

    @Test
    void parsesNameAndCount() throws Exception {
        assertEquals(new Accelerator("H100", "1"), Accelerator.parse("H100:1", Setting.ACCELERATOR));
        assertEquals(new Accelerator("A100-80GB", "8"), Accelerator.parse("A100-80GB:8", Setting.ACCELERATOR));
        assertEquals(new Accelerator("H100", "0.5"), Accelerator.parse("H100:0.5", Setting.ACCELERATOR));
        assertEquals("A100-80GB:8", Accelerator.parse("A100-80GB:8", Setting.ACCELERATOR).toString());
        assertEquals("H100:1", Accelerator.parse("  H100:1 ", Setting.ACCELERATOR).toString());
    }

    @Test
    void recognisesTpus() throws Exception {
        assertTrue(Accelerator.parse("tpu-v6e-1", Setting.ACCELERATOR).isTpu());
        assertTrue(Accelerator.parse("TPU-V4-8:1", Setting.ACCELERATOR).isTpu());
        assertFalse(Accelerator.parse("tpuv4", Setting.ACCELERATOR).isTpu());
    }

    @ParameterizedTest
    @ValueSource(strings = {"H100:abc", "H100:0", "H100:0.0", "H100:-1", "H100:", ":1", "a:b:c", "", "   ",
        "H 100", "H100:1:2"})
    @NullSource
    void rejectsMalformedValuesNamingTheParameter(String value) {
        BadInputException e = assertThrows(BadInputException.class, () -> Accelerator.parse(value, Setting.ACCELERATOR));
        assertTrue(e.getMessage().startsWith("Invalid accelerator '" + value + "'"), e.getMessage());
        assertTrue(e.fix().toString().contains("{accelerator=H100:1}"), e.fix().toString());

        BadInputException gpus = assertThrows(BadInputException.class, () -> Accelerator.parse(value, Setting.GPUS));
        assertTrue(gpus.getMessage().startsWith("Invalid gpus '" + value + "'"), gpus.getMessage());
        assertTrue(gpus.fix().toString().contains("{gpus=H100:1}"), gpus.fix().toString());
    }

    @Test
    void zeroCountMessageSaysTheCountIsNotPositive() {
        BadInputException e = assertThrows(BadInputException.class, () -> Accelerator.parse("H100:0", Setting.ACCELERATOR));
        assertEquals("Invalid accelerator 'H100:0': the count '0' is not a positive number.", e.getMessage());
        BadInputException shape = assertThrows(BadInputException.class,
                () -> Accelerator.parse("a:b:c", Setting.ACCELERATOR));
        assertEquals("Invalid accelerator 'a:b:c': expected NAME or NAME:COUNT.", shape.getMessage());
    }

    @Test
    void gpuDeviceTakesGpusAndRefusesTpus() throws Exception {
        Accelerator h100 = Accelerator.parse("H100:1", Setting.ACCELERATOR);
        assertSame(h100, h100.requireFits(Device.GPU, Setting.ACCELERATOR));
        Accelerator tpu = Accelerator.parse("tpu-v6e-1", Setting.ACCELERATOR);
        BadInputException e = assertThrows(BadInputException.class, () -> tpu.requireFits(Device.GPU, Setting.ACCELERATOR));
        assertEquals("Accelerator 'tpu-v6e-1' is a TPU, but the device is gpu.", e.getMessage());
        assertTrue(e.fix().toString().contains("{device=tpu}"), e.fix().toString());
        assertTrue(e.fix().toString().contains("{accelerator=H100:1}"), e.fix().toString());
        BadInputException gpus = assertThrows(BadInputException.class,
                () -> tpu.requireFits(Device.GPU, Setting.GPUS));
        assertTrue(gpus.fix().toString().contains("{gpus=H100:1}"), gpus.fix().toString());
    }

    @Test
    void tpuDeviceTakesTpusAndRefusesGpus() throws Exception {
        Accelerator tpu = Accelerator.parse("tpu-v6e-1", Setting.ACCELERATOR);
        assertSame(tpu, tpu.requireFits(Device.TPU, Setting.ACCELERATOR));
        Accelerator h100 = Accelerator.parse("H100:1", Setting.ACCELERATOR);
        BadInputException e = assertThrows(BadInputException.class, () -> h100.requireFits(Device.TPU, Setting.ACCELERATOR));
        assertEquals("Accelerator 'H100:1' is not a TPU, but the device is tpu.", e.getMessage());
        assertTrue(e.fix().toString().contains("{accelerator=tpu-v6e-1}"), e.fix().toString());
        assertTrue(e.fix().toString().contains("{device=gpu}"), e.fix().toString());
        BadInputException gpus = assertThrows(BadInputException.class,
                () -> h100.requireFits(Device.TPU, Setting.GPUS));
        assertTrue(gpus.fix().toString().contains("{gpus=tpu-v6e-1}"), gpus.fix().toString());
    }
}
