package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.bpf.BpfMachine;
import dev.shadowtrace.compiler.codegen.TracepointScope;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.lang.diag.ScriptException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Tracepoint probes against the fixture tracefs (6.1's formats of a few sched and raw_syscalls
 * tracepoints): resolution by name and glob, the scope test every program starts with, and fields
 * read from the record by the format's offsets, sizes and signedness, strings included.
 */
class TracepointProbeTest {
    /** The simulated current process, as BpfMachine's pid_tgid gives it. */
    private static final int TGID = 1000;

    @Test
    void sitesAreTheTracepointsByIdAndGlobsSkipTheSyscallsCategory() throws ScriptException {
        List<ProbeSite> sites = Fixtures.compile("tracepoint:sched:sched_switch { @ = count(); }").programs().get(0)
                .sites();
        assertEquals("[tracepoint sched:sched_switch id 316]", sites.toString());
        assertEquals(List.of("sched:sched_process_exec", "sched:sched_process_fork", "sched:sched_process_free"), functions(
                "tracepoint:sched:sched_process_* { @ = count(); }"));
        assertEquals(List.of("raw_syscalls:sys_enter"), functions("tracepoint:*:sys_enter* { @ = count(); }"));
        assertTrue(Fixtures.compile("tracepoint:sched:sched_switch { @ = count(); }").programs().get(0).isTracepoint());
        assertEquals("[tracepoint sched:sched_switch id 316]", Fixtures.compile(
                "sched:::sched_switch { @[args->prev_pid] = count(); }").programs().get(0).sites().toString());
        assertTrue(Fixtures.errors("sched:::sched_swich { @ = count(); }")
                .contains("unknown tracepoint 'sched:sched_swich'; did you mean 'sched:sched_switch'?"));
        assertTrue(Fixtures.compile("tracepoint:sched:sched_switch { @ = count(); }").maps().stream()
                .anyMatch(m -> m.name().equals(TracepointScope.MAP)));
    }

    @Test
    void unknownTracepointsAndFieldsAreErrorsWithSuggestions() {
        assertTrue(Fixtures.errors("tracepoint:sched:sched_swich { @ = count(); }")
                .contains("unknown tracepoint 'sched:sched_swich'; did you mean 'sched:sched_switch'?"));
        assertTrue(Fixtures.errors("tracepoint:nope:* { @ = count(); }").contains("no tracepoint matches 'nope:*'"));
        String field = Fixtures.errors("tracepoint:sched:sched_switch { @[args->prev_pdi] = count(); }");
        assertTrue(field.contains("tracepoint sched:sched_switch has no field 'prev_pdi'; did you mean 'prev_pid' or 'prev_prio'?"),
                field);
        assertTrue(Fixtures.errors("tracepoint:sched:sched_switch { @[args->prev_comm] = count(); }")
                .contains("args->prev_comm is char[16] prev_comm, not an integer"));
        assertTrue(Fixtures.errors("tracepoint:raw_syscalls:sys_enter { @[args->args] = count(); }")
                .contains("args->args is unsigned long[6] args, not an integer"));
        assertTrue(Fixtures.errors("tracepoint:sched:sched_switch { @[args->common_pid] = count(); }")
                .contains("args->common_pid cannot be read: a tracepoint program sees its record from byte 8 on"));
        assertTrue(Fixtures.errors("tracepoint:sched:sched_switch, fbt::vfs_read:entry { @ = count(); }")
                .contains("a tracepoint probe runs a program of another type"));
        assertTrue(Fixtures.errors("tracepoint:sched:sched_switch { @[arg0] = count(); }")
                .contains("arg0 is only available in entry and offset probes"));
        assertTrue(Fixtures.errors("tracepoint:sched:sched_switch, tracepoint:sched:sched_process_fork"
                + " { @[args->child_pid] = count(); }").contains("has no field 'child_pid'"));
    }

    @Test
    void nothingRunsOutsideTheScope() throws ScriptException {
        Sim sim = new Sim("tracepoint:raw_syscalls:sys_enter { @ = count(); }");
        sim.fire(1);
        assertEquals(Optional.empty(), sim.value("@", new byte[8], "count"));
        scope(sim, TGID);
        sim.fire(1);
        sim.fire(1);
        assertEquals(Optional.of(2L), sim.value("@", new byte[8], "count"));
    }

    @Test
    void integerFieldsAreReadByOffsetSizeAndSign() throws ScriptException {
        Sim sim = new Sim("""
                tracepoint:raw_syscalls:sys_enter /args->id == 110/ { @ids[args.id] = count(); }
                tracepoint:sched:sched_switch { @prev[args->prev_pid] = count(); @next[args->next_pid] = count();
                    @state[args->prev_state] = count(); }
                """);
        scope(sim, TGID);
        sim.fire(1, Map.of(8, 110L));
        sim.fire(1, Map.of(8, 39L));
        assertEquals(Optional.of(1L), sim.value("@ids", key(110), "count"));
        assertEquals(1, sim.entries("@ids").size());
        // prev_pid (s32 at 24) = -5, prev_prio (28) = 120: a 4-byte signed load sign-extends, ignores its neighbour
        // next_comm (40..55) is junk, next_pid (s32 at 56) = 7 with next_prio = 0xffffffff above it
        sim.fire(2, Map.of(24, (120L << 32) | 0xfffffffbL, 32, 1L, 56, 0xffffffff_00000007L));
        assertEquals(Optional.of(1L), sim.value("@prev", key(-5), "count"));
        assertEquals(Optional.of(1L), sim.value("@next", key(7), "count"));
        assertEquals(Optional.of(1L), sim.value("@state", key(1), "count"));
    }

    @Test
    void stringFieldsAreReadFromTheRecord() throws ScriptException {
        Sim sim = new Sim("""
                tracepoint:sched:sched_switch { @comm[str(args->prev_comm)] = count(); }
                tracepoint:sched:sched_process_exec { @file[str(args.filename)] = count(); }
                """);
        scope(sim, TGID);
        sim.machine.kernelString(BpfMachine.CONTEXT + 8, "bash");
        sim.fire(1);
        assertEquals(List.of("bash"), strings(sim, "@comm"));
        // __data_loc: the low 16 bits are the string's offset in the record, the high 16 its length
        sim.machine.kernelString(BpfMachine.CONTEXT + 24, "/usr/bin/true");
        sim.fire(2, Map.of(8, (14L << 16) | 24));
        assertEquals(List.of("/usr/bin/true"), strings(sim, "@file"));
    }

    @Test
    void theScopeFollowsNewProcessesOfTracedParentsAndDropsFreedOnes() throws ScriptException {
        Sim sim = new Sim("tracepoint:sched:sched_switch { @ = count(); }");
        List<ScopeProgram> followers = sim.script.scopePrograms();
        assertEquals(List.of("tp_scope_fork on task:task_newtask", "tp_scope_free on sched:sched_process_free"),
                followers.stream().map(p -> p.name() + " on " + p.tracepoint().fullName()).toList());
        ScopeProgram fork = followers.get(0);
        ScopeProgram free = followers.get(1);
        long sigchld = 17;
        long threadFlags = 0x3d0f00; // what pthread_create passes: CLONE_VM | CLONE_THREAD | ...
        // task_newtask: pid (s32 at 8), clone_flags (u64 at 32); the current task is the parent
        sim.machine.run(fork.program(), Map.of(8, 2000L, 32, sigchld));
        assertEquals(Set.of(), scoped(sim), "a parent outside the scope adds nothing");
        scope(sim, TGID);
        sim.machine.run(fork.program(), Map.of(8, 2000L, 32, sigchld));
        sim.machine.run(fork.program(), Map.of(8, 2001L, 32, threadFlags));
        sim.machine.run(fork.program(), Map.of(8, 2002L, 32, 0x4111L)); // vfork: CLONE_VM | CLONE_VFORK, a process
        assertEquals(Set.of(TGID, 2000, 2002), scoped(sim), "processes are added, threads are not");
        // sched_process_free: pid (s32 at 24)
        sim.machine.run(free.program(), Map.of(24, 2001L));
        sim.machine.run(free.program(), Map.of(24, 2000L));
        sim.machine.run(free.program(), Map.of(24, (long) TGID));
        assertEquals(Set.of(2002), scoped(sim));
        assertEquals(List.of(), Fixtures.compile("fbt::vfs_read:entry { @ = count(); }").scopePrograms());
    }

    private static Set<Integer> scoped(Sim sim) {
        return sim.machine.entries(TracepointScope.MAP).keySet().stream()
                .map(k -> ByteBuffer.wrap(k.bytes()).order(ByteOrder.LITTLE_ENDIAN).getInt()).collect(Collectors.toSet());
    }

    private static List<String> functions(String script) throws ScriptException {
        return Fixtures.compile(script).programs().get(0).sites().stream().map(ProbeSite::function).toList();
    }

    private static void scope(Sim sim, int tgid) {
        sim.machine.put(TracepointScope.MAP, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(tgid)
                .array(), new byte[] {1});
    }

    private static List<String> strings(Sim sim, String map) {
        return sim.entries(map).keySet().stream().map(k -> {
            byte[] b = k.bytes();
            int end = 0;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            return new String(Arrays.copyOf(b, end), StandardCharsets.UTF_8);
        }).toList();
    }
}
