package io.github.skyremote.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {
    @Test
    void procStatFieldsAreReadAfterTheCommandName() {
        assertEquals(List.of(41L, 40L), ProcessTree.parseStat("42 (a) b (c) S 1 41 40 0 -1 4194560 0")
                .map(ids -> List.of(ids[0], ids[1])).orElseThrow());
        assertTrue(ProcessTree.parseStat("garbage").isEmpty());
        assertTrue(ProcessTree.parseStat("42 (a) S 1").isEmpty(), "too few fields");
    }

    @Test
    void aProcessThatIsGoneHasNoGroup() {
        assertTrue(ProcessTree.groupAndSession(Long.MAX_VALUE).isEmpty());
    }

    @Test
    void theRootComesFirst() {
        ProcessHandle self = ProcessHandle.current();
        assertEquals(self, ProcessTree.ownProcesses(self).get(0));
    }
}
