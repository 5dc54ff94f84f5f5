package dev.shadowtrace.compiler.kernel;

/**
 * One argument of a syscall, as its tracepoint format names it.
 *
 * @param index the argument's position, 0 for the first (the register it arrives in: di, si, dx,
 *              r10, r8, r9)
 * @param type  the C type as the format writes it, e.g. {@code const char *} (without {@code __user})
 * @param name  e.g. {@code filename}
 */
public record SyscallArg(int index, String type, String name) {

    /**
     * Whether the argument is a pointer. A syscall's pointers all point into the calling process's
     * memory (they are {@code __user} in the source; the format drops the annotation), so strings
     * behind them are read with {@code bpf_probe_read_user_str}.
     */
    public boolean isUserPointer() {
        return type.endsWith("*");
    }
}
