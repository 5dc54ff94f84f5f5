package dev.shadowtrace.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.bpf.BpfMachine;
import dev.shadowtrace.compiler.codegen.DataPlan;
import dev.shadowtrace.compiler.layout.Limits;
import dev.shadowtrace.lang.diag.ScriptException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a program cannot store is counted in the drops map, never silently lost. */
class DropsTest {

    private static long drops(Sim sim, int word) {
        byte[] value = sim.machine.lookup(DataPlan.DROPS, BpfMachine.le(0, 4)).orElseThrow();
        return Sim.word(value, word);
    }

    @Test
    void recordsThatDoNotFitTheRingBufferAreCountedLost() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { printf(\"%d\\n\", arg2); }", new Limits(16, 16, 16, 4096));
        int fired = 500;
        for (int i = 0; i < fired; i++) {
            sim.fire(1, Map.of(Sim.DX, (long) i));
        }
        int kept = sim.events().size();
        assertEquals(4096 / 24, kept, "24 bytes a record: 8 of ring buffer header, 16 of record");
        assertEquals(fired - kept, drops(sim, DataPlan.DROPS_LOST_RECORDS));
        assertEquals(0, drops(sim, DataPlan.DROPS_FAILED_UPDATES));
    }

    @Test
    void updatesOfAFullMapAreCountedFailed() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { @c[arg2] = count(); @h[arg2] = hdr(arg2); @last[arg2] = arg2; }",
                new Limits(2, 16, 16, 4096));
        for (long key : new long[] {1, 2, 3, 3, 1}) {
            sim.fire(1, Map.of(Sim.DX, key));
        }
        assertEquals(2, sim.entries("@c").size());
        assertEquals(3 * 2, drops(sim, DataPlan.DROPS_FAILED_UPDATES), "key 3, twice, in each of the three maps");
        assertEquals(0, drops(sim, DataPlan.DROPS_LOST_RECORDS));
    }

    @Test
    void threadsBeyondTheSelfMapAreCountedFailed() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { self->n = arg2; }", new Limits(16, 1, 16, 4096));
        sim.fire(1, Map.of(Sim.DX, 5L));
        sim.fire(1, Map.of(Sim.DX, 6L));
        assertEquals(0, drops(sim, DataPlan.DROPS_FAILED_UPDATES), "the thread's own entry, updated in place");
        sim.machine.pidTgid += 1;
        sim.fire(1, Map.of(Sim.DX, 7L));
        assertEquals(1, drops(sim, DataPlan.DROPS_FAILED_UPDATES), "a second thread, no room");
    }
}
