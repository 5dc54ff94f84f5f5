package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static dev.shadowtrace.compiler.bpf.Reg.R6;

import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.compiler.kernel.Syscall;
import dev.shadowtrace.compiler.kernel.SyscallArg;
import dev.shadowtrace.lang.ast.BuiltinRef;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.ProbeArg;
import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.diag.Suggest;

import java.util.List;
import java.util.Optional;

/**
 * The arguments of syscall probes. Their sites are the syscall wrappers {@code __x64_sys_NAME}, whose
 * only argument (di) is the caller's {@code struct pt_regs *}: syscall argument i is in that
 * pt_regs, at the register the x86-64 syscall ABI passes it in (di, si, dx, r10, r8, r9), and is read
 * with {@code bpf_probe_read_kernel}. So {@code arg0..arg5} in a syscall clause are the syscall's
 * arguments, and {@code args->NAME} is the argument the tracepoint format names so. At return,
 * {@code args->ret} is the wrapper's return value, the syscall's result.
 */
final class SyscallArgs {
    private final ClauseContext c;

    SyscallArgs(ClauseContext c) {
        this.c = c;
    }

    /**
     * Whether the clause's probes are all syscall probes, so that {@code argN} means the syscall's
     * argument N; a clause mixing them with fbt probes cannot use arguments (used at {@code use}).
     */
    boolean inSyscalls(SourcePos use) {
        List<ProbeSite> sites = c.probes.sites();
        boolean all = sites.stream().allMatch(s -> s.syscall().isPresent());
        if (!all && sites.stream().anyMatch(s -> s.syscall().isPresent())) {
            throw new CompileError(use, "arguments mean different things in the syscall and fbt probes of this clause",
                    Optional.of("give the syscall probes a clause of their own"));
        }
        return all;
    }

    /** Pushes syscall argument {@code index}: *(u64 *)(ctx->di + offset of its register), read safely. */
    void pushArgument(int index) {
        int buffer = c.frame.alloc(8);
        c.maps.pointer(R1, buffer);
        c.asm.mov64(R2, 8)
                .ldx(Size.DW, R3, R6, PtRegs.argument(0))
                .add64(R3, PtRegs.syscallArgument(index))
                .call(Helper.PROBE_READ_KERNEL); // on a fault the helper zeroes the buffer
        Slot s = c.values.push();
        Reg t = s.target(R0);
        c.asm.ldx(Size.DW, t, Reg.R10, buffer);
        s.store(c.asm, t);
    }

    /** Pushes {@code args->NAME}: the named argument at entry, the return value ({@code args->ret}) at return. */
    void push(ProbeArg arg) {
        if (arg.name().equals(ProbeArg.RETURN_VALUE)) {
            inSyscalls(arg.pos());
            Slot s = c.values.push();
            Reg t = s.target(R0);
            c.asm.ldx(Size.DW, t, R6, PtRegs.AX);
            s.store(c.asm, t);
            return;
        }
        pushArgument(resolve(arg).index());
    }

    /**
     * Whether {@code e} is a syscall's argument that points into user memory: a pointer-typed
     * {@code args->NAME}, or {@code argN} in a syscall clause (whose type is not known: every
     * syscall argument is a user value).
     */
    boolean isUserPointer(Expr e) {
        if (e instanceof ProbeArg arg && !arg.name().equals(ProbeArg.RETURN_VALUE)) {
            return inSyscalls(arg.pos()) && resolve(arg).isUserPointer();
        }
        return e instanceof BuiltinRef ref && ref.variable().name().startsWith("ARG") && inSyscalls(ref.pos());
    }

    /** The argument {@code args->NAME} of every syscall of the clause, which must be at the same position in all. */
    private SyscallArg resolve(ProbeArg arg) {
        inSyscalls(arg.pos());
        SyscallArg found = null;
        String foundIn = null;
        for (Syscall syscall : c.probes.sites().stream().map(s -> s.syscall().orElseThrow()).distinct().toList()) {
            SyscallArg a = argument(syscall, arg);
            if (found != null && a.index() != found.index()) {
                throw new CompileError(arg.namePos(), "args->" + arg.name() + " is argument " + found.index()
                        + " of " + foundIn + " but argument " + a.index() + " of " + syscall.name(),
                        Optional.of("give these syscalls clauses of their own"));
            }
            if (found == null || !a.isUserPointer()) {
                found = a; // a pointer only if it is one in every syscall
                foundIn = syscall.name();
            }
        }
        return found;
    }

    private static SyscallArg argument(Syscall syscall, ProbeArg arg) {
        List<SyscallArg> args = syscall.arguments().orElseThrow(() -> new CompileError(arg.namePos(),
                "the kernel names no arguments of syscall '" + syscall.name() + "' (it has no tracepoint format"
                        + " events/syscalls/sys_enter_" + syscall.name() + ")", Optional.of("use arg0 ... arg5")));
        List<String> names = args.stream().map(SyscallArg::name).toList();
        return args.stream().filter(a -> a.name().equals(arg.name())).findFirst().orElseThrow(() -> {
            String message = "syscall '" + syscall.name() + "' has no argument '" + arg.name() + "'";
            Optional<String> suggestion = Suggest.didYouMean(arg.name(), names);
            String list = names.isEmpty() ? "it takes no arguments"
                    : "its arguments are " + String.join(", ", names);
            return suggestion.isPresent()
                    ? new CompileError(arg.namePos(), message + "; " + suggestion.get(), Optional.of(list))
                    : new CompileError(arg.namePos(), message, Optional.of(list));
        });
    }
}
