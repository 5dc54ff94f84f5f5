package dev.shadowtrace.shell;

import dev.shadowtrace.compiler.kernel.FunctionNames;
import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.compiler.kernel.SyscallTable;
import dev.shadowtrace.lang.DtraceAliases;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;

/**
 * The kernel probes a script can name, per provider, fully spelled, in the order {@code -l} prints
 * them: what {@link ProbeLister} matches a pattern against, and what a Tab completer can offer.
 */
public final class ProbeCatalog {
    private final KernelInfo kernel;

    public ProbeCatalog(KernelInfo kernel) {
        this.kernel = kernel;
    }

    /**
     * DTrace's providers: {@code fbt::F:entry} and {@code :return} for every traceable function, then
     * {@code syscall::NAME:entry} and {@code :return} for every syscall whose wrapper is traceable,
     * then every tracepoint other than the syscalls' in DTrace's spelling ({@code sched:::sched_switch}),
     * then DTrace's own probes that one of those gives ({@code proc:::exec-success}, {@code sched:::on-cpu}).
     */
    public List<String> dtrace() {
        List<String> probes = new ArrayList<>();
        for (String function : kernel.traceableFunctions().stream().sorted().toList()) {
            probes.add("fbt::" + function + ":entry");
            probes.add("fbt::" + function + ":return");
        }
        for (String syscall : traceableSyscalls()) {
            probes.add("syscall::" + syscall + ":entry");
            probes.add("syscall::" + syscall + ":return");
        }
        NavigableSet<String> tracepoints = kernel.tracepoints().names();
        for (String name : tracepoints) {
            if (!name.startsWith("syscalls:")) {
                probes.add(name.replace(":", ":::"));
            }
        }
        List<String> aliases = new ArrayList<>();
        for (Map.Entry<String, DtraceAliases.Tracepoint> alias : DtraceAliases.all()) {
            if (tracepoints.contains(alias.getValue().name())) {
                aliases.add(alias.getKey());
            }
        }
        for (Map.Entry<String, String> alias : DtraceAliases.functions()) {
            if (kernel.traceableFunctions().stream().anyMatch(f -> f.equals(alias.getValue())
                    || FunctionNames.isCloneOf(f, alias.getValue()))) {
                aliases.add(alias.getKey());
            }
        }
        probes.addAll(aliases.stream().sorted().toList());
        return probes;
    }

    /**
     * bpftrace's tracepoints: the syscalls' ({@code tracepoint:syscalls:sys_enter_NAME} and
     * {@code sys_exit_NAME}, syscall probes on the traceable wrappers), then every other tracepoint
     * of tracefs ({@code tracepoint:CATEGORY:NAME}), sorted.
     */
    public List<String> tracepoints() {
        List<String> probes = new ArrayList<>();
        for (String syscall : traceableSyscalls()) {
            probes.add("tracepoint:syscalls:sys_enter_" + syscall);
            probes.add("tracepoint:syscalls:sys_exit_" + syscall);
        }
        for (String name : kernel.tracepoints().names()) {
            if (!name.startsWith("syscalls:")) {
                probes.add("tracepoint:" + name);
            }
        }
        return probes;
    }

    private List<String> traceableSyscalls() {
        SyscallTable syscalls = new SyscallTable(kernel);
        return syscalls.names().stream().filter(syscalls::isTraceable).toList();
    }
}
