package dev.shadowtrace.runtime.perf;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The libc functions this package calls; failures arrive as {@link LastErrorException}. */
interface PerfSyscalls extends Library {
    PerfSyscalls LIBC = Native.load("c", PerfSyscalls.class);

    /** {@code __NR_perf_event_open} on x86-64. */
    long SYS_PERF_EVENT_OPEN = 298;

    /** {@code long syscall(long number, ...)}, variadic, so mapped through a Library proxy. */
    long syscall(long number, Object... args) throws LastErrorException;

    int ioctl(int fd, long request, Object... args) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    String strerror(int errnum);
}
