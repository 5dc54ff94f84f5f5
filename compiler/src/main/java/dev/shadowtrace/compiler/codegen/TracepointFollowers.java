package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static dev.shadowtrace.compiler.bpf.Reg.R4;
import static dev.shadowtrace.compiler.bpf.Reg.R6;
import static dev.shadowtrace.compiler.bpf.Reg.R10;

import dev.shadowtrace.compiler.ScopeProgram;
import dev.shadowtrace.compiler.bpf.Assembler;
import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.ProgramChecker;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.compiler.kernel.TracepointField;
import dev.shadowtrace.compiler.kernel.TracepointFormat;
import dev.shadowtrace.compiler.kernel.Tracepoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two programs that make the tracepoint scope ({@link TracepointScope#MAP}, keyed by tgid)
 * follow the traced processes' children, as a shadow's binding does for fbt probes (a bound
 * process's children inherit its binding at fork):
 *
 * <ul>
 *   <li>{@code tp_scope_fork} on {@code task:task_newtask}, which {@code copy_process()} fires in the
 *       parent, after its last failure point and before the child is woken: a new process (not a
 *       thread: {@code CLONE_THREAD} clear in {@code clone_flags}) whose parent's tgid is in the map
 *       is added under its pid, so it is in scope from its first instruction;
 *   <li>{@code tp_scope_free} on {@code sched:sched_process_free}, which {@code
 *       delayed_put_task_struct()} fires when a task is freed: its pid is deleted from the map. A
 *       process's key is its leader's pid, and the leader is freed only after every thread of the
 *       group has exited (a zombie leader is released with the last thread), so the key goes when
 *       the process is gone, and a later process given the same pid is not in scope. A thread's
 *       pid is never a key (pids are unique among live tasks), so its delete is a miss.
 * </ul>
 *
 * Both run for every task of the machine that forks or is freed, traced or not: one hash lookup
 * per fork, one hash delete per exit (documented in docs/design.md, "Tracepoints").
 */
public final class TracepointFollowers {
    /** {@code CLONE_THREAD} of {@code include/uapi/linux/sched.h}. */
    static final int CLONE_THREAD = 0x00010000;

    private TracepointFollowers() {
    }

    /**
     * The programs for the kernel's tracepoints; none if it lacks either tracepoint or their fields
     * are not as expected (the scope then does not follow children, which {@code -v} says).
     */
    public static List<ScopeProgram> of(Tracepoints tracepoints) {
        Optional<TracepointFormat> fork = format(tracepoints, "task", "task_newtask");
        Optional<TracepointFormat> free = format(tracepoints, "sched", "sched_process_free");
        if (fork.isEmpty() || free.isEmpty()) {
            return List.of();
        }
        Optional<TracepointField> child = integer(fork.get(), "pid", 4);
        Optional<TracepointField> flags = integer(fork.get(), "clone_flags", 8);
        Optional<TracepointField> freed = integer(free.get(), "pid", 4);
        if (child.isEmpty() || flags.isEmpty() || freed.isEmpty()) {
            return List.of();
        }
        List<ScopeProgram> programs = new ArrayList<>();
        programs.add(new ScopeProgram("tp_scope_fork", fork.get(), forkProgram(child.get(), flags.get()),
                "adds a new process to the tracepoint scope when its parent is in it", true));
        programs.add(new ScopeProgram("tp_scope_free", free.get(), freeProgram(freed.get()),
                "takes a freed process out of the tracepoint scope", false));
        programs.forEach(p -> ProgramChecker.requireValid(p.program()));
        return programs;
    }

    /**
     * <pre>
     *   r6 = ctx; if *(u64 *)(r6 + clone_flags) &amp; CLONE_THREAD goto out
     *   key = bpf_get_current_pid_tgid() &gt;&gt; 32; if !lookup(tp_scope, key) goto out
     *   key = *(u32 *)(r6 + pid); value = 1; update(tp_scope, key, value, BPF_ANY)
     *   out: return 0
     * </pre>
     */
    static dev.shadowtrace.compiler.bpf.Program forkProgram(TracepointField pid, TracepointField cloneFlags) {
        Assembler asm = new Assembler();
        asm.mov64(R6, R1)
                .ldx(Size.DW, R0, R6, cloneFlags.offset())
                .jset(R0, CLONE_THREAD, "out")
                .call(Helper.GET_CURRENT_PID_TGID).rsh64(R0, 32).stx(Size.W, R10, -8, R0)
                .ldMapFd(R1, TracepointScope.MAP).mov64(R2, R10).add64(R2, -8)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jeq(R0, 0, "out")
                .ldx(Size.W, R0, R6, pid.offset()).stx(Size.W, R10, -8, R0)
                .st(Size.B, R10, -16, 1)
                .ldMapFd(R1, TracepointScope.MAP).mov64(R2, R10).add64(R2, -8)
                .mov64(R3, R10).add64(R3, -16).mov64(R4, 0)
                .call(Helper.MAP_UPDATE_ELEM)
                .label("out")
                .mov64(R0, 0)
                .exit();
        return asm.assemble();
    }

    /**
     * <pre>
     *   key = *(u32 *)(ctx + pid); delete(tp_scope, key); return 0
     * </pre>
     */
    static dev.shadowtrace.compiler.bpf.Program freeProgram(TracepointField pid) {
        Assembler asm = new Assembler();
        asm.ldx(Size.W, R0, R1, pid.offset()).stx(Size.W, R10, -8, R0)
                .ldMapFd(R1, TracepointScope.MAP).mov64(R2, R10).add64(R2, -8)
                .call(Helper.MAP_DELETE_ELEM)
                .mov64(R0, 0)
                .exit();
        return asm.assemble();
    }

    private static Optional<TracepointFormat> format(Tracepoints tracepoints, String category, String name) {
        try {
            return tracepoints.format(category, name).map(text -> TracepointFormat.parse(category, name, text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The integer field {@code name} of {@code size} bytes, at an offset a program may read (8 on, aligned). */
    private static Optional<TracepointField> integer(TracepointFormat format, String name, int size) {
        return format.field(name).filter(f -> f.kind() == TracepointField.Kind.INTEGER && f.size() == size
                && f.offset() >= 8 && f.offset() % size == 0);
    }
}
