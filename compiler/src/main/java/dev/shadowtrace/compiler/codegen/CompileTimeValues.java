package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.compiler.kernel.CgroupIds;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.diag.Suggest;

import java.io.IOException;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The functions whose value is known when the script is compiled, pushed as constants:
 * {@code kaddr("function")} from the kernel's symbol table and {@code cgroupid("path")} from the
 * file system.
 */
final class CompileTimeValues {
    private final NavigableMap<String, List<Long>> kernelFunctions;

    /** @param kernelFunctions the core kernel's text symbols and their addresses ({@code KernelInfo.textFunctions}) */
    CompileTimeValues(NavigableMap<String, List<Long>> kernelFunctions) {
        this.kernelFunctions = kernelFunctions;
    }

    /** The value of a kaddr() or cgroupid() call. */
    long value(Call call) {
        String argument = ((StringLiteral) call.args().get(0)).value();
        return switch (call.function()) {
            case KADDR -> kaddr(call, argument);
            case CGROUPID -> cgroupid(call, argument);
            default -> throw new IllegalArgumentException(call.name() + "() is not known at compile time");
        };
    }

    private long kaddr(Call call, String symbol) {
        List<Long> addresses = kernelFunctions.get(symbol);
        if (addresses == null) {
            String message = "unknown kernel function '" + symbol + "'";
            throw new CompileError(call.args().get(0).pos(), Suggest.didYouMean(symbol, kernelFunctions.keySet())
                    .map(s -> message + "; " + s).orElse(message),
                    Optional.of("kaddr() knows the core kernel's functions (/proc/kallsyms types t and T)"));
        }
        if (addresses.size() > 1) {
            throw new CompileError(call.args().get(0).pos(), "'" + symbol + "' names " + addresses.size()
                    + " kernel functions (static functions of different files)",
                    Optional.of("kaddr() needs a name with one address"));
        }
        return addresses.get(0);
    }

    private static long cgroupid(Call call, String path) {
        try {
            return CgroupIds.of(path);
        } catch (IOException e) {
            throw new CompileError(call.args().get(0).pos(), e.getMessage(),
                    Optional.of("give a cgroup v2 directory, absolute or relative to " + CgroupIds.ROOT));
        }
    }
}
