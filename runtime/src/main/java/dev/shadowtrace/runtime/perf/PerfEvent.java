package dev.shadowtrace.runtime.perf;

import com.sun.jna.LastErrorException;
import com.sun.jna.Platform;
import dev.shadowtrace.runtime.Ioctl;

/**
 * One perf event owned through its file descriptor ({@code perf_event_open(2)}), with the ioctls a
 * tracer needs: attach a BPF program ({@code PERF_EVENT_IOC_SET_BPF}), enable, disable. Closing
 * the descriptor removes the event and detaches its program.
 */
public final class PerfEvent implements AutoCloseable {
    /** {@code PERF_FLAG_FD_CLOEXEC}. */
    static final long FD_CLOEXEC = 1L << 3;
    static final long IOC_ENABLE = Ioctl.io('$', 0);
    static final long IOC_DISABLE = Ioctl.io('$', 1);
    static final long IOC_SET_BPF = Ioctl.iow('$', 8, 4);

    private final String what;
    private int fd;

    private PerfEvent(String what, int fd) {
        this.what = what;
        this.fd = fd;
    }

    /**
     * {@code perf_event_open(attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC)}: the event counts {@code pid}
     * (a thread id, or -1 for every task) on {@code cpu} (-1 for any). {@code what} names it in errors.
     */
    public static PerfEvent open(PerfEventAttr attr, int pid, int cpu, String what) throws PerfEventException {
        if (!Platform.isLinux() || !Platform.isIntel() || !Platform.is64Bit()) {
            throw new UnsupportedOperationException("perf_event_open(2) is bound for Linux x86-64 only");
        }
        try {
            long fd = PerfSyscalls.LIBC.syscall(PerfSyscalls.SYS_PERF_EVENT_OPEN, attr.memory(), (long) pid,
                    (long) cpu, -1L, FD_CLOEXEC);
            return new PerfEvent(what, (int) fd);
        } catch (LastErrorException e) {
            throw failure(e.getErrorCode(), "cannot open the perf event of " + what + (pid >= 0 ? " in pid " + pid : ""));
        }
    }

    /** Attaches the BPF program {@code progFd} (of a type the event accepts). */
    public void setBpf(int progFd) throws PerfEventException {
        ioctl(IOC_SET_BPF, progFd, "cannot attach the program to " + what);
    }

    public void enable() throws PerfEventException {
        ioctl(IOC_ENABLE, 0, "cannot enable " + what);
    }

    public void disable() throws PerfEventException {
        ioctl(IOC_DISABLE, 0, "cannot disable " + what);
    }

    private void ioctl(long request, long arg, String message) throws PerfEventException {
        try {
            PerfSyscalls.LIBC.ioctl(fd(), request, arg);
        } catch (LastErrorException e) {
            throw failure(e.getErrorCode(), message);
        }
    }

    private static PerfEventException failure(int errno, String message) {
        return new PerfEventException(errno, message + ": " + PerfSyscalls.LIBC.strerror(errno));
    }

    public int fd() {
        if (fd < 0) {
            throw new IllegalStateException(what + " already closed");
        }
        return fd;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            try {
                PerfSyscalls.LIBC.close(fd);
            } catch (LastErrorException ignored) {
                // nothing to undo: the descriptor is gone either way
            }
            fd = -1;
        }
    }
}
