package dev.shadowtrace.compiler.kernel;

import dev.shadowtrace.compiler.kernel.btf.Btf;

import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;

/**
 * A kernel's symbol tables as another {@link KernelInfo} reads them, plus someone who knows who
 * calls whom: subclasses answer {@link #callersOf}.
 */
public abstract class KernelWithCallersOf implements KernelInfo {
    private final KernelInfo kernel;

    protected KernelWithCallersOf(KernelInfo kernel) {
        this.kernel = kernel;
    }

    @Override
    public final String release() {
        return kernel.release();
    }

    @Override
    public final boolean hasBtf() {
        return kernel.hasBtf();
    }

    @Override
    public final NavigableMap<String, List<Long>> textFunctions() {
        return kernel.textFunctions();
    }

    @Override
    public final Set<String> traceableFunctions() {
        return kernel.traceableFunctions();
    }

    @Override
    public final Set<String> kprobeBlacklist() {
        return kernel.kprobeBlacklist();
    }

    @Override
    public final Optional<String> syscallFormat(String syscall) {
        return kernel.syscallFormat(syscall);
    }

    @Override
    public final Tracepoints tracepoints() {
        return kernel.tracepoints();
    }

    @Override
    public final Optional<Btf> btf() {
        return kernel.btf();
    }

    @Override
    public abstract List<String> callersOf(String function);
}
