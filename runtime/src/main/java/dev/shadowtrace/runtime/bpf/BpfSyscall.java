package dev.shadowtrace.runtime.bpf;

import com.sun.jna.LastErrorException;
import com.sun.jna.Platform;

/** Issues bpf(2) and close(2). */
final class BpfSyscall {
    /** {@code __NR_bpf} on x86-64 ({@code arch/x86/entry/syscalls/syscall_64.tbl}). */
    static final long SYS_BPF_X86_64 = 321;

    private BpfSyscall() {}

    /**
     * Calls {@code bpf(command, attr, sizeof(union bpf_attr))}.
     *
     * @return the non-negative result (a new file descriptor or 0), or {@code -errno}
     */
    static long call(BpfCommand command, BpfAttr attr) {
        if (!Platform.isLinux() || !Platform.isIntel() || !Platform.is64Bit()) {
            throw new UnsupportedOperationException("the bpf(2) binding supports Linux x86-64 only");
        }
        try {
            return Syscalls.LIBC.syscall(SYS_BPF_X86_64, (long) command.value(), attr.pointer(),
                    (long) BpfAttr.SIZE);
        } catch (LastErrorException e) {
            return -e.getErrorCode();
        }
    }

    /** Closes a map or program file descriptor. */
    static void close(int fd) {
        try {
            Syscalls.LIBC.close(fd);
        } catch (LastErrorException e) {
            throw new IllegalStateException("close(" + fd + ") failed with errno " + e.getErrorCode(), e);
        }
    }
}
