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

    static native NativeLong read(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    static final int EPOLL_CLOEXEC = O_CLOEXEC;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLLIN = 0x001;
    /** struct epoll_event is packed on x86-64: u32 events, then u64 data at offset 4. */
    static final int EPOLL_EVENT_SIZE = 12;
    static final int EPOLL_EVENT_OFF_DATA = 4;

    static native int epoll_create1(int flags) throws LastErrorException;

    static native int epoll_ctl(int epfd, int op, int fd, Pointer event) throws LastErrorException;

    static native int epoll_wait(int epfd, Pointer events, int maxevents, int timeout) throws LastErrorException;

    static final int EFD_NONBLOCK = O_NONBLOCK;
    static final int EFD_CLOEXEC = O_CLOEXEC;

    static native int eventfd(int initval, int flags) throws LastErrorException;

    /** {@code __NR_pidfd_open} on x86-64 (Linux 5.3). */
    static final long SYS_PIDFD_OPEN = 434;

    /**
     * {@code long syscall(long number, ...)} with two arguments. Declared with fixed arguments for
     * direct mapping; libffi sets %al for every x86-64 call, as variadic callees expect.
     */
    static native long syscall(long number, long arg1, long arg2) throws LastErrorException;
}
