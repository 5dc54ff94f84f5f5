package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.compiler.kernel.btf.Btf;
import java.util.Optional;
import java.util.function.Supplier;

import dev.shadowtrace.compiler.bpf.Assembler;
import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.compiler.layout.FieldType;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Expr;

/**
 * The state of generating one clause's program, shared by the generators: the assembler, the stack
 * frame, the value stack, the script-wide plan and tables, and the generators themselves.
 */
final class ClauseContext {
    final Assembler asm = new Assembler();
    final StackFrame frame = new StackFrame();
    final ValueStack values = new ValueStack(asm, frame);
    final DataPlan plan;
    final EventTable events;
    final ClauseProbes probes;
    final CompileTimeValues compileTime;
    final MapOps maps = new MapOps(this);
    final IntExprs ints = new IntExprs(this);
    final Conditions conditions = new Conditions(this);
    final Strings strings = new Strings(this);
    final Buffers buffers = new Buffers(this);
    final Storage storage = new Storage(this);
    final MapKeys keys = new MapKeys(this);
    final SyscallArgs syscallArgs = new SyscallArgs(this);
    final TracepointArgs tracepointArgs = new TracepointArgs(this);
    final FunctionArgs functionArgs;
    final KernelData kernelData;
    /** The clause's index in the script, and what the script's variables hold. */
    final int clause;
    final VariableTypes variables;

    ClauseContext(int clause, DataPlan plan, EventTable events, ClauseProbes probes, CompileTimeValues compileTime,
            Supplier<Optional<Btf>> btf, VariableTypes variables) {
        this.clause = clause;
        this.variables = variables;
        this.functionArgs = new FunctionArgs(this, btf);
        this.kernelData = new KernelData(this, btf);
        this.plan = plan;
        this.events = events;
        this.probes = probes;
        this.compileTime = compileTime;
    }

    /**
     * Whether {@code str()} and {@code buf()} read {@code address} from user memory: a syscall's user
     * pointer argument, a variable that holds only such arguments, or any address in a clause whose probes are
     * all user probes.
     */
    boolean isUserAddress(Expr address) {
        return syscallArgs.isUserPointer(address) || variables.isUserAddress(address, clause)
                || probes.sites().stream().allMatch(s -> s.probe().isUser());
    }

    /** Writes the value of {@code e} into {@code size} bytes at r10 + {@code offset}, as a field of this type. */
    void write(Expr e, FieldType type, int offset, int size) {
        if (type == FieldType.STRING) {
            strings.materialize(e, offset, size);
            return;
        }
        if (type == FieldType.BUFFER) {
            buffers.materialize(e, offset);
            return;
        }
        if (type == FieldType.USYM) { // the process (tgid), then the address
            ints.push(((Call) e).args().get(0));
            asm.stx(Size.DW, Reg.R10, offset + 8, values.pop().load(asm, Reg.R1));
            asm.call(Helper.GET_CURRENT_PID_TGID).rsh64(Reg.R0, 32)
                    .stx(Size.DW, Reg.R10, offset, Reg.R0);
            return;
        }
        ints.push(e);
        Reg value = values.pop().load(asm, Reg.R1);
        asm.stx(Size.DW, Reg.R10, offset, value);
    }
}
