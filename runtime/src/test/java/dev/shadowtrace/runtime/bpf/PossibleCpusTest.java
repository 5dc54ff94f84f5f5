package dev.shadowtrace.runtime.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PossibleCpusTest {

    @Test
    void parsesKernelCpuLists() {
        assertEquals(1, PossibleCpus.parse("0\n"));
        assertEquals(8, PossibleCpus.parse("0-7\n"));
        assertEquals(3, PossibleCpus.parse("0,2-3"));
        assertEquals(8, PossibleCpus.parse("0-3,8-11\n"));
        assertThrows(IllegalArgumentException.class, () -> PossibleCpus.parse("3-1"));
    }

    @Test
    void thisMachineHasAtLeastOneCpu() {
        assertTrue(PossibleCpus.count() >= 1);
    }
}
