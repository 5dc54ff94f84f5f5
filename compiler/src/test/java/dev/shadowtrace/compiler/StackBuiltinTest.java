package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.compiler.bpf.MapType;
import dev.shadowtrace.compiler.bpf.Program;
import dev.shadowtrace.compiler.bpf.ProgramChecker;
import dev.shadowtrace.compiler.codegen.DataPlan;
import dev.shadowtrace.compiler.codegen.StackValues;
import dev.shadowtrace.lang.ast.StackShape;
import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.FieldType;
import dev.shadowtrace.lang.diag.ScriptException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * kstack (bpftrace's name) and stack() (DTrace's): bpf_get_stackid(ctx, &stacks, 0), the id kept as
 * a {@code STACK} field that the tracer prints as the stack's frames.
 */
class StackBuiltinTest {

    @Test
    void kstackKeysCountPerStackId() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { @[kstack] = count(); }");
        sim.fire(1);
        sim.fire(1);
        sim.machine.stackId = 9;
        sim.fire(1);
        assertEquals(Optional.of(2L), sim.value("@", key(5), "count"));
        assertEquals(Optional.of(1L), sim.value("@", key(9), "count"));
        assertEquals(List.of(new Field("key1", FieldType.STACK, 0, 8)), sim.descriptor("@").key().fields());
        assertEquals(List.of(0L, 0L, 0L), sim.machine.stackIdFlags, "kernel stack, nothing skipped, no reuse");
    }

    /** A stack that could not be recorded is counted under its -errno, which the tracer prints as such. */
    @Test
    void aFailedStackIdIsKeptSigned() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { @[kstack, pid] = count(); }");
        sim.machine.stackId = -17; // -EEXIST: the bucket holds another stack
        sim.fire(1);
        assertEquals(Optional.of(1L), sim.value("@", key(-17, 1000), "count"));
    }

    @Test
    void theStacksMapIsAddedWhenAProgramRecordsStacks() throws ScriptException {
        MapSpec stacks = new MapSpec(DataPlan.STACKS, MapType.STACK_TRACE, 4, 8 * DataPlan.STACK_DEPTH, 4096, 0);
        assertTrue(Fixtures.compile("fbt::vfs_read:entry { @[kstack] = count(); }").maps().contains(stacks));
        assertTrue(Fixtures.compile("fbt::vfs_read:entry { printf(\"%k\", kstack); }").maps().contains(stacks));
        assertFalse(Fixtures.compile("fbt::vfs_read:entry { @[comm] = count(); }").maps().stream()
                .anyMatch(m -> m.name().equals(DataPlan.STACKS)));
    }

    /** Both names compile to the same code: r1 = ctx, r2 = the stacks map, r3 = 0, call 27. */
    @Test
    void kstackIsStack() throws ScriptException {
        CompiledScript kstack = Fixtures.compile("fbt::vfs_read:entry { @[kstack] = count(); }");
        CompiledScript stack = Fixtures.compile("fbt::vfs_read:entry { @[stack()] = count(); }");
        assertEquals(stack.dump(), kstack.dump());
        Program program = kstack.programs().get(0).program();
        assertEquals(List.of(), ProgramChecker.check(program));
        String code = kstack.dump();
        assertTrue(code.contains("""
                   1: (bf) r1 = r6
                   2: (18) r2 = map[stacks]
                   4: (b7) r3 = 0
                   5: (85) call bpf_get_stackid#27
                """), code);
    }

    @Test
    void kstackAndStackShareKeysAndCompare() throws ScriptException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { @s[kstack] = count(); @s[stack()] = count(); self->st = kstack; }
                fbt::vfs_write:entry { trace(self->st == kstack); @last[pid] = kstack; }
                """);
        sim.fire(1);
        assertEquals(Optional.of(2L), sim.value("@s", key(5), "count"));
        sim.fire(2);
        assertEquals(1, Sim.word(sim.events().get(0), 8));
        assertEquals(Optional.of(5L), sim.value("@last", key(1000), "value"));
        assertEquals(5, sim.machine.stackIdFlags.size(), "one call per use");
    }

    @Test
    void printfAndTraceCarryTheId() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { printf(\"%s: %k\\n\", comm, kstack); trace(kstack); }");
        sim.machine.stackId = 42;
        sim.fire(1);
        assertEquals(List.of(new Field("arg1", FieldType.STRING, 0, 16), new Field("arg2", FieldType.STACK, 16, 8)),
                sim.script.formats().get(0).payload().fields());
        assertEquals(42, Sim.word(sim.events().get(0), 8 + 16));
        assertEquals(List.of(new Field("value", FieldType.STACK, 0, 8)),
                sim.script.formats().get(1).payload().fields());
        assertEquals(42, Sim.word(sim.events().get(1), 8));
    }

    @Test
    void onlyInKernelProbes() {
        assertEquals("""
                test.d:1:25: error: kstack is not available in BEGIN: BEGIN, END and timer probes run in the \
                tracer, not in the traced process
                fbt::f:entry, BEGIN { @[kstack] = count(); }
                                        ^""",
                Fixtures.errors("fbt::f:entry, BEGIN { @[kstack] = count(); }"));
    }

    /** kstack(perf, 4): recorded in a 4-frame map of its own, the id tagged with the shape for the tracer. */
    @Test
    void shapedStacksRecordInTheirMapAndCarryTheirShape() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { @p[kstack(perf, 4)] = count(); @d[stack(3)] = count();"
                + " @r[kstack(raw)] = count(); @k[kstack] = count(); }");
        sim.machine.stackId = 7;
        sim.fire(1);
        long perf4 = 7 | (1L << 40) | (4L << 32);
        assertEquals(Optional.of(1L), sim.value("@p", key(perf4), "count"));
        assertEquals(Optional.of(1L), sim.value("@d", key(7 | (3L << 32)), "count"));
        assertEquals(Optional.of(1L), sim.value("@r", key(7 | (2L << 40)), "count"));
        assertEquals(Optional.of(1L), sim.value("@k", key(7), "count"));
        assertEquals(new StackShape(StackShape.Mode.PERF, 4), StackValues.shape(perf4));
        assertEquals(7, StackValues.id(perf4));
        List<MapSpec> maps = sim.script.maps();
        assertTrue(maps.contains(new MapSpec("stacks_4", MapType.STACK_TRACE, 4, 8 * 4, 4096, 0)), maps.toString());
        assertTrue(maps.contains(new MapSpec("stacks_3", MapType.STACK_TRACE, 4, 8 * 3, 4096, 0)), maps.toString());
        assertTrue(maps.contains(new MapSpec(DataPlan.STACKS, MapType.STACK_TRACE, 4, 8 * 127, 4096, 0)));
        String code = sim.script.dump();
        assertTrue(code.contains("r2 = map[stacks_4]"), code);
    }

    /** A stack the kernel did not record stays -errno, untagged, whatever its shape. */
    @Test
    void aFailedShapedStackIsNotTagged() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { @[kstack(perf, 2)] = count(); }");
        sim.machine.stackId = -17;
        sim.fire(1);
        assertEquals(Optional.of(1L), sim.value("@", key(-17), "count"));
    }

    /** kstack(127) is kstack: the same map and code. */
    @Test
    void aLimitOfAllFramesIsThePlainStack() throws ScriptException {
        assertEquals(Fixtures.compile("fbt::vfs_read:entry { @[kstack] = count(); }").dump(),
                Fixtures.compile("fbt::vfs_read:entry { @[kstack(127)] = count(); }").dump());
        assertEquals(List.of(), ProgramChecker.check(Fixtures.compile(
                "fbt::vfs_read:entry { @[kstack(perf, 5)] = count(); }").programs().get(0).program()));
    }

    /**
     * ustack: bpf_get_stackid(ctx, &ustacks, BPF_F_USER_STACK) into a build-id stack map (32-byte frames),
     * the id tagged with bit 42 so the tracer reads that map; ustack(perf, 3) its own 3-frame map.
     */
    @Test
    void ustackRecordsBuildIdFramesInMapsOfItsOwn() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { @u[ustack] = count(); @p[ustack(perf, 3)] = count();"
                + " @k[kstack] = count(); }");
        sim.machine.stackId = 7;
        sim.fire(1);
        long user = 7 | (1L << 42);
        long perf3 = 7 | (1L << 42) | (1L << 40) | (3L << 32);
        assertEquals(Optional.of(1L), sim.value("@u", key(user), "count"));
        assertEquals(Optional.of(1L), sim.value("@p", key(perf3), "count"));
        assertEquals(Optional.of(1L), sim.value("@k", key(7), "count"));
        assertEquals(StackShape.USER, StackValues.shape(user));
        assertEquals(new StackShape(StackShape.Mode.PERF, 3, true), StackValues.shape(perf3));
        assertEquals(List.of(256L, 256L, 0L), sim.machine.stackIdFlags, "BPF_F_USER_STACK for the user stacks");
        List<MapSpec> maps = sim.script.maps();
        assertTrue(maps.contains(new MapSpec("ustacks", MapType.STACK_TRACE, 4, 32 * 127, 4096, 32)), maps.toString());
        assertTrue(maps.contains(new MapSpec("ustacks_3", MapType.STACK_TRACE, 4, 32 * 3, 4096, 32)), maps.toString());
        assertTrue(maps.contains(new MapSpec(DataPlan.STACKS, MapType.STACK_TRACE, 4, 8 * 127, 4096, 0)));
        assertEquals(List.of(), ProgramChecker.check(sim.script.programs().get(0).program()));
        assertEquals(Fixtures.compile("fbt::vfs_read:entry { @[ustack] = count(); }").dump(),
                Fixtures.compile("fbt::vfs_read:entry { @[ustack()] = count(); }").dump());
    }

    /** A value with bits above the user bit is no stack. */
    @Test
    void bitsAboveTheUserBitAreNoStack() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> StackValues.shape(1L << 43));
    }
}
