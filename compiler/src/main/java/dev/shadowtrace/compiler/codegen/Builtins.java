package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R6;

import dev.shadowtrace.compiler.bpf.AluOp;
import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.lang.ast.BuiltinRef;

import java.util.OptionalLong;

/**
 * The built-in variables other than execname, as 8-byte values: helper results, registers from the
 * context, and for probefunc the function's address and for probename its id.
 */
final class Builtins {
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
            case TIMESTAMP -> call(Helper.KTIME_GET_NS);
            case CPU -> call(Helper.GET_SMP_PROCESSOR_ID);
            case ARG0 -> context(PtRegs.argument(0));
            case ARG1 -> context(PtRegs.argument(1));
            case ARG2 -> context(PtRegs.argument(2));
            case ARG3 -> context(PtRegs.argument(3));
            case ARG4 -> context(PtRegs.argument(4));
            case ARG5 -> context(PtRegs.argument(5));
            case RETVAL -> context(PtRegs.AX);
            case PROBEFUNC -> probefunc();
            case PROBENAME -> c.ints.pushConstant(c.probes.probeNameId(ref.pos()));
            case EXECNAME -> throw new IllegalStateException("execname is a string, at " + ref.pos());
        }
    }

    /** The address of the probed function: a constant if the clause has one, else the site address from ctx->ip. */
    private void probefunc() {
        OptionalLong function = c.probes.functionAddress();
        if (function.isPresent()) {
            c.ints.pushConstant(function.getAsLong());
        } else {
            context(PtRegs.IP);
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
