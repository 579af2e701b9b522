package io.github.skyremote.core.cluster;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Spelling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceTest {

    @Test
    void parsesCaseInsensitively() throws Exception {
        assertSame(Device.GPU, Device.parse("gpu"));
        assertSame(Device.GPU, Device.parse("GPU"));
        assertSame(Device.GPU, Device.parse(" Gpu "));
        assertSame(Device.TPU, Device.parse("tpu"));
        assertSame(Device.TPU, Device.parse("TpU"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpus", "g pu", "cuda", "tpu-v6e-1"})
    void unknownDeviceListsTheChoices(String value) {
        BadInputException e = assertThrows(BadInputException.class, () -> Device.parse(value));
        assertEquals("Unknown device '" + value + "'.", e.getMessage());
        assertTrue(e.fix().toString().contains("gpu|tpu"), e.fix().toString());
        assertTrue(e.describe(Spelling.NEUTRAL).contains("{device=gpu|tpu}"), e.describe(Spelling.NEUTRAL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "\t"})
    @NullSource
    void blankDeviceListsTheChoices(String value) {
        BadInputException e = assertThrows(BadInputException.class, () -> Device.parse(value));
        assertEquals("No device given.", e.getMessage());
        assertTrue(e.fix().toString().contains("{device=gpu|tpu}"), e.fix().toString());
    }

    @Test
    void choices() {
        assertEquals("gpu|tpu", Device.choices());
    }

    @Test
    void deviceTable() {
        assertEquals("gpu", Device.GPU.id());
        assertEquals("gpu", Device.GPU.toString());
        assertEquals(".cluster_name_gpu", Device.GPU.nameFile());
        assertEquals("gpu", Device.GPU.extra());
        assertEquals("0", Device.GPU.defaultCudaVisibleDevices());
        assertEquals(List.of("dev"), Device.GPU.defaultGroups());
        assertEquals("H100:1", Device.GPU.exampleAccelerator());

        assertEquals("tpu", Device.TPU.id());
        assertEquals(".cluster_name_tpu", Device.TPU.nameFile());
        assertEquals("tpu", Device.TPU.extra());
        assertEquals("", Device.TPU.defaultCudaVisibleDevices());
        assertEquals(List.of(), Device.TPU.defaultGroups());
        assertEquals("tpu-v6e-1", Device.TPU.exampleAccelerator());
    }
}
