package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R6;

import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.compiler.kernel.btf.Btf;
import dev.shadowtrace.compiler.kernel.btf.BtfType;
import dev.shadowtrace.lang.ast.ProbeArg;
import dev.shadowtrace.lang.diag.Suggest;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The arguments by name of fbt entry probes, {@code args->file} on {@code fbt::vfs_read:entry}: the
 * parameter of that name in the function's BTF prototype, read from its argument register as
 * {@code argN} is. Every function of the clause must have it at the same position.
 */
final class FunctionArgs {
    /** The x86-64 calling convention passes the first six integer arguments in registers. */
    private static final int REGISTER_ARGUMENTS = 6;

    private final ClauseContext c;
    private final Supplier<Optional<Btf>> btf;

    FunctionArgs(ClauseContext c, Supplier<Optional<Btf>> btf) {
        this.c = c;
        this.btf = btf;
    }

    /** Pushes {@code args->NAME}: the function's parameter NAME, from its register. */
    void push(ProbeArg arg) {
        int index = resolve(arg).index();
        Slot s = c.values.push();
        Reg t = s.target(R0);
        c.asm.ldx(Size.DW, t, R6, PtRegs.argument(index));
        s.store(c.asm, t);
    }

    /** A parameter: its position and BTF type id. */
    record Parameter(int index, int type) {}

    /** The parameter {@code args->NAME} of every function of the clause, at the same position in all. */
    Parameter resolve(ProbeArg arg) {
        Btf types = btf.get().orElseThrow(() -> new CompileError(arg.pos(), "args->" + arg.name()
                + " needs the kernel's BTF types (/sys/kernel/btf/vmlinux), which this kernel does not have",
                Optional.of("use arg0 ... arg5")));
        Parameter found = null;
        String foundIn = null;
        for (String function : c.probes.sites().stream().map(ProbeSite::function).distinct().toList()) {
            Parameter p = parameter(types, function, arg);
            if (found != null && p.index() != found.index()) {
                throw new CompileError(arg.namePos(), "args->" + arg.name() + " is argument " + found.index()
                        + " of " + foundIn + " but argument " + p.index() + " of " + function,
                        Optional.of("give these functions clauses of their own"));
            }
            if (found == null) {
                found = p;
                foundIn = function;
            }
        }
        return found;
    }

    private static Parameter parameter(Btf types, String function, ProbeArg arg) {
        BtfType prototype = types.prototype(function).orElseThrow(() -> new CompileError(arg.pos(),
                "the kernel's BTF has no prototype of " + function + (function.contains(".")
                        ? " (a copy the C compiler made, whose arguments may differ from the source's)" : ""),
                Optional.of("use arg0 ... arg5")));
        List<BtfType.Param> params = prototype.params();
        List<String> names = params.stream().map(BtfType.Param::name).toList();
        int index = names.indexOf(arg.name());
        if (index < 0) {
            String message = function + "() has no parameter '" + arg.name() + "'";
            String list = names.isEmpty() ? "it takes no arguments" : "its parameters are " + String.join(", ", names);
            Optional<String> suggestion = Suggest.didYouMean(arg.name(), names);
            throw new CompileError(arg.namePos(), suggestion.map(m -> message + "; " + m).orElse(message),
                    Optional.of(list));
        }
        if (index >= REGISTER_ARGUMENTS) {
            throw new CompileError(arg.namePos(), "args->" + arg.name() + " is argument " + index + " of " + function
                    + ", passed on the stack: only the first " + REGISTER_ARGUMENTS + " can be read",
                    Optional.empty());
        }
        return new Parameter(index, params.get(index).type());
    }
}
