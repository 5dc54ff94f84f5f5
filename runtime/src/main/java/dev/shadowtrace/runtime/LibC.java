package dev.shadowtrace.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The few libc calls the runtime makes; errors arrive as {@link LastErrorException} with errno. */
final class LibC {
    private LibC() {}

    static {
        Native.register("c");
    }

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;

    static native int open(String path, int flags) throws LastErrorException;

    static native int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    static native int mkfifo(String path, int mode) throws LastErrorException;

    static native int sigaction(int signum, Pointer act, Pointer oldact) throws LastErrorException;

    /** glibc's struct sigaction on x86-64: handler, 1024-bit mask, flags, restorer. */
    static final int SIGACTION_SIZE = 152;
    static final long SIG_IGN = 1;
    static final int SIGINT = 2;
    static final int SIGQUIT = 3;

    static native String strerror(int errnum);
}
