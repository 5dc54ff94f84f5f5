package dev.shadowtrace.compiler.kernel;

import dev.shadowtrace.compiler.kernel.btf.Btf;

import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;

/**
 * What the compiler needs to know about the kernel it compiles for. {@link KernelSnapshot#read()}
 * reads the running kernel; tests build a {@link KernelSnapshot} from fixture files instead. Who
 * calls whom is known only where someone can tell (the shadowk module, in the command line).
 */
public interface KernelInfo {
    /** The kernel release ({@code uname -r}), e.g. {@code 6.1.0-56-amd64}. */
    String release();

    /** Whether the kernel exposes its BTF type information ({@code /sys/kernel/btf/vmlinux}). */
    boolean hasBtf();

    /**
     * The functions of core kernel text ({@code /proc/kallsyms} types {@code t} and {@code T} without
     * a module), sorted by name; a name may have several addresses (static functions of different
     * files).
     */
    NavigableMap<String, List<Long>> textFunctions();

    /**
     * The core kernel functions that have an ftrace site, so that entry and return probes can be
     * placed on them ({@code available_filter_functions} lines without a module).
     */
    Set<String> traceableFunctions();

    /**
     * The core kernel functions on the kprobe blacklist ({@code /sys/kernel/debug/kprobes/blacklist}),
     * which the shadowk module refuses to probe even when they have an ftrace site; empty when it is
     * not known (this default; debugfs may be unmounted or unreadable). Used only to keep them out
     * of the callers suggested instead of an untraceable function: the module does its own check.
     */
    default Set<String> kprobeBlacklist() {
        return Set.of();
    }

    /**
     * The core-text functions whose code calls or jumps to {@code function} directly, by name, for
     * suggesting where to probe instead of a function that cannot be probed; empty when nobody
     * knows (this default: the kernel's symbol tables do not say). Indirect calls and inlined copies
     * are not found.
     */
    default List<String> callersOf(String function) {
        return List.of();
    }

    /**
     * The kernel's BTF types, which type fbt arguments by name ({@code args->file}); empty when the
     * kernel has none or they cannot be read (this default).
     */
    default Optional<Btf> btf() {
        return Optional.empty();
    }

    /**
     * The text of the syscall's entry tracepoint format ({@code events/syscalls/sys_enter_NAME/format}
     * under tracefs), which names and types its arguments; empty when not known (this default).
     */
    default Optional<String> syscallFormat(String syscall) {
        return Optional.empty();
    }

    /** The kernel's tracepoints and their formats (tracefs {@code events/}); none known by default. */
    default Tracepoints tracepoints() {
        return Tracepoints.NONE;
    }
}
