package dev.shadowtrace.runtime;

import com.sun.jna.LastErrorException;

import java.io.IOException;
import java.util.Optional;

/**
 * A process file descriptor (pidfd_open(2)): readable in an {@link Epoll} once the process has
 * exited, zombie or not, and never confused with a later process that reuses the pid. For
 * tracers that follow a process they did not start.
 */
public final class ProcessWatch implements AutoCloseable {
    private static final int ENOSYS = 38;

    private final int pid;
    private final ShadowkFd fd;

    private ProcessWatch(int pid, int fd) {
        this.pid = pid;
        this.fd = new ShadowkFd(fd, "pidfd of " + pid);
    }

    /**
     * Watches {@code pid}; empty where the kernel has no pidfd_open (before Linux 5.3), and the
     * caller must poll instead. Throws when there is no such process.
     */
    public static Optional<ProcessWatch> open(int pid) throws IOException {
        if (pid <= 0) {
            throw new IllegalArgumentException("not a process id: " + pid);
        }
        try {
            return Optional.of(new ProcessWatch(pid, (int) LibC.syscall(LibC.SYS_PIDFD_OPEN, pid, 0)));
        } catch (LastErrorException e) {
            return switch (e.getErrorCode()) {
                case ENOSYS -> Optional.empty();
                case Errno.ESRCH -> throw new IOException("no process with pid " + pid + " (it may have exited)");
                default -> throw new IOException("cannot watch pid " + pid + ": " + LibC.strerror(e.getErrorCode()));
            };
        }
    }

    public int pid() {
        return pid;
    }

    /** The descriptor to watch: readable once the process has exited. */
    public int fd() {
        return fd.fd();
    }

    @Override
    public void close() {
        fd.close();
    }
}
