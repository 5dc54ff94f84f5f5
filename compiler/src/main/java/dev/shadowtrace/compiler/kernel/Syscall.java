package dev.shadowtrace.compiler.kernel;

import java.util.List;
import java.util.Optional;

/**
 * A syscall that a probe resolved to.
 *
 * @param name      e.g. {@code openat}
 * @param arguments its arguments in order, from {@code events/syscalls/sys_enter_NAME/format}; empty
 *                  when the kernel gives no format for it (the format file is missing or unreadable)
 */
public record Syscall(String name, Optional<List<SyscallArg>> arguments) {

    public Syscall {
        arguments = arguments.map(List::copyOf);
    }
}
