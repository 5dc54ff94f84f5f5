package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.bpf.QuantizeBuckets;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.diag.ScriptException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** self-> variables carried from an entry probe to the return probe of the same thread. */
class ThreadLocalTest {
    private static final String LATENCY = """
            fbt::vfs_read:entry { self->ts = timestamp; }
            fbt::vfs_read:return /self->ts != 0/ { @ns["vfs_read"] = quantize(timestamp - self->ts); self->ts = 0; }
            """;

    private static byte[] bucketKey(Sim sim, long latency) {
        MapDescriptor ns = sim.descriptor("@ns");
        return ns.histogram().orElseThrow().key(key("vfs_read"), QuantizeBuckets.INSTANCE.bucketOf(latency));
    }

    private static void thread(Sim sim, int tid) {
        sim.machine.pidTgid = (1000L << 32) | tid;
    }

    @Test
    void entryAndReturnPairUp() throws ScriptException {
        Sim sim = new Sim(LATENCY);
        sim.machine.now = 1_000;
        sim.fire(1);
        assertEquals(Optional.of(1_000L), sim.threadEntry().map(e -> Sim.word(e, 0)));
        sim.machine.now = 1_250;
        sim.fire(2);
        assertEquals(Optional.of(1L), sim.value("@ns", bucketKey(sim, 250), "count"));
        assertTrue(sim.threadEntry().isEmpty(), "self->ts = 0 deletes the thread's entry");
    }

    @Test
    void returnWithoutEntryRecordsNothing() throws ScriptException {
        Sim sim = new Sim(LATENCY);
        sim.machine.now = 5_000;
        sim.fire(2);
        assertTrue(sim.entries("@ns").isEmpty());
        assertTrue(sim.threadEntry().isEmpty());
    }

    @Test
    void threadsAreKeptApart() throws ScriptException {
        Sim sim = new Sim(LATENCY);
        thread(sim, 1);
        sim.machine.now = 100;
        sim.fire(1);
        thread(sim, 2);
        sim.machine.now = 200;
        sim.fire(1);
        thread(sim, 1);
        sim.machine.now = 400;
        sim.fire(2);
        thread(sim, 2);
        sim.machine.now = 1_200;
        sim.fire(2);
        assertEquals(Optional.of(1L), sim.value("@ns", bucketKey(sim, 300), "count"));
        assertEquals(Optional.of(1L), sim.value("@ns", bucketKey(sim, 1_000), "count"));
        assertEquals(2, sim.entries("@ns").size());
    }

    @Test
    void entryIsDeletedOnlyOnceEveryVariableIsZero() throws ScriptException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { self->a = 1; self->b = 2; }
                fbt::vfs_read:return { self->a = 0; }
                fbt::vfs_write:entry { self->b = arg0; }
                """);
        sim.fire(1);
        sim.fire(2);
        assertEquals(Optional.of(2L), sim.threadEntry().map(e -> Sim.word(e, 8)), "b keeps the entry");
        sim.fire(3, Map.of(Sim.DI, 7L));
        assertEquals(Optional.of(7L), sim.threadEntry().map(e -> Sim.word(e, 8)));
        sim.fire(3, Map.of(Sim.DI, 0L));
        assertTrue(sim.threadEntry().isEmpty(), "a computed zero releases too");
    }

    @Test
    void unsetVariablesReadZeroAndHoldStrings() throws ScriptException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { self->n++; self->name = execname; trace(self->n); trace(self->name); }
                """);
        sim.fire(1);
        sim.fire(1);
        assertEquals(1, Sim.word(sim.events().get(0), 8));
        assertEquals(2, Sim.word(sim.events().get(2), 8));
        assertEquals("bash", Sim.string(sim.events().get(3), 8, 64));
        assertEquals("bash", Sim.string(sim.threadEntry().orElseThrow(), 8, 64));
    }
}
