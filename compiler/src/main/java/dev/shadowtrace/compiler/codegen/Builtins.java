package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static dev.shadowtrace.compiler.bpf.Reg.R6;

import dev.shadowtrace.compiler.bpf.AluOp;
import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.lang.ast.BuiltinRef;
import dev.shadowtrace.lang.ast.StackShape;
import dev.shadowtrace.lang.ast.ProbeKind;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The built-in variables other than the strings execname and context, as 8-byte values: helper
 * results, registers from the context, for probefunc the function's address, for probename its id,
 * and for kstack (and the function stack()) the kernel stack's id.
 */
final class Builtins {
    /**
     * bpf_get_stackid flags: 0 = the kernel stack, no frames skipped, and no
     * {@code BPF_F_REUSE_STACKID}. With reuse, a stack hashing to a bucket already in use would
     * replace the recorded one, and an id kept in a map key would later print another stack's frames;
     * without it the new stack gets -EEXIST, which the output shows as such.
     */
    static final int STACKID_FLAGS = 0;

    /** {@code BPF_F_USER_STACK}: the user stack of the current thread (its saved user registers in a kernel probe). */
    static final int USER_STACK = 1 << 8;

    private final ClauseContext c;

    Builtins(ClauseContext c) {
        this.c = c;
    }

    void push(BuiltinRef ref) {
        switch (ref.variable()) {
            case PID -> {
                c.asm.call(Helper.GET_CURRENT_PID_TGID).rsh64(R0, 32);
                c.values.pushFrom(R0);
            }
            case TID -> low32(Helper.GET_CURRENT_PID_TGID);
            case UID -> low32(Helper.GET_CURRENT_UID_GID);
            case CGROUP -> call(Helper.GET_CURRENT_CGROUP_ID);
            case CURTASK -> call(Helper.GET_CURRENT_TASK);
            case TIMESTAMP -> call(Helper.KTIME_GET_NS);
            case CPU -> call(Helper.GET_SMP_PROCESSOR_ID);
            case ARG0 -> argument(0, ref);
            case ARG1 -> argument(1, ref);
            case ARG2 -> argument(2, ref);
            case ARG3 -> argument(3, ref);
            case ARG4 -> argument(4, ref);
            case ARG5 -> argument(5, ref);
            case RETVAL -> context(PtRegs.AX);
            case PROBEFUNC -> probefunc(ref);
            case PROBENAME -> c.ints.pushConstant(c.probes.probeNameId(ref.pos()));
            case KSTACK -> stackId(StackShape.DEFAULT);
            case USTACK -> stackId(StackShape.USER);
            case EXECNAME, CONTEXT -> throw new IllegalStateException(ref.variable().canonicalName()
                    + " is a string, at " + ref.pos());
        }
    }

    /**
     * The current kernel or user stack's value ({@link StackValues}): {@code bpf_get_stackid(ctx, &stacks, 0)}
     * ({@code BPF_F_USER_STACK} and a {@code ustacks} map for a user stack),
     * which records the stack in the shape's stack map (added to the script's maps because the program
     * refers to it), the shape's tag ORed into the id; negative (-errno), untagged, if the stack could
     * not be recorded.
     */
    void stackId(StackShape shape) {
        c.asm.mov64(R1, R6).ldMapFd(R2, StackValues.mapName(shape))
                .mov64(R3, STACKID_FLAGS | (shape.user() ? USER_STACK : 0)).call(Helper.GET_STACKID);
        long tag = StackValues.tag(shape);
        if (tag != 0) {
            String failed = c.asm.newLabel("stack.failed");
            c.asm.jslt(R0, 0, failed).mov64(R1, (int) (tag >>> 32)).lsh64(R1, 32).or64(R0, R1).label(failed);
        }
        c.values.pushFrom(R0);
    }

    /** The address of the probed function: a constant if the clause has one, else the site address from ctx->ip. */
    private void probefunc(BuiltinRef ref) {
        if (c.probes.sites().stream().anyMatch(s -> s.probe().isUser() || s.kind() == ProbeKind.PROFILE
                || s.isTracepoint())) {
            throw new CompileError(ref.pos(), "probefunc is not supported in user, profile and tracepoint probes yet",
                    Optional.of("give each function its own clause"));
        }
        OptionalLong function = c.probes.functionAddress();
        if (function.isPresent()) {
            c.ints.pushConstant(function.getAsLong());
        } else {
            context(PtRegs.IP);
        }
    }

    /** argN: the function's argument register, or in a syscall clause the syscall's argument. */
    private void argument(int n, BuiltinRef ref) {
        if (c.syscallArgs.inSyscalls(ref.pos())) {
            c.syscallArgs.pushArgument(n);
        } else {
            context(PtRegs.argument(n));
        }
    }

    private void call(Helper helper) {
        c.asm.call(helper);
        c.values.pushFrom(R0);
    }

    /** The low 32 bits of a helper's result: tid of pid_tgid, uid of uid_gid. */
    private void low32(Helper helper) {
        c.asm.call(helper).alu32(AluOp.MOV, R0, R0);
        c.values.pushFrom(R0);
    }

    private void context(int offset) {
        Slot s = c.values.push();
        Reg t = s.target(R0);
        c.asm.ldx(Size.DW, t, R6, offset);
        s.store(c.asm, t);
    }
}
