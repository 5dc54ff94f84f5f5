package dev.shadowtrace.runtime.bpf;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The libc functions this package calls; failures arrive as {@link LastErrorException}. */
interface Syscalls extends Library {
    Syscalls LIBC = Native.load("c", Syscalls.class);

    /** {@code long syscall(long number, ...)}, variadic, so mapped through a Library proxy. */
    long syscall(long number, Object... args) throws LastErrorException;

    int close(int fd) throws LastErrorException;
}
