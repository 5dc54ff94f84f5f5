package dev.shadowtrace.runtime.bpf;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The libc functions this package calls; failures arrive as {@link LastErrorException}. */
interface Syscalls extends Library {
    Syscalls LIBC = Native.load("c", Syscalls.class);

    /** {@code long syscall(long number, ...)}, variadic, so mapped through a Library proxy. */
    long syscall(long number, Object... args) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int PROT_READ = 0x1;
    int PROT_WRITE = 0x2;
    int MAP_SHARED = 0x01;
    int SC_PAGESIZE = 30;

    /** {@code mmap(2)}; MAP_FAILED comes with errno, so as a {@link LastErrorException}. */
    Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset) throws LastErrorException;

    int munmap(Pointer addr, long length) throws LastErrorException;

    long sysconf(int name);
}
