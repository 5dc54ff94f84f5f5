package dev.shadowtrace.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

import java.util.function.IntFunction;

/**
 * One owned file descriptor: of the module (/dev/shadowk or a shadow), on which requests are
 * issued, or one the runtime waits on (epoll, eventfd, pidfd), which only needs closing once.
 */
final class ShadowkFd implements AutoCloseable {
    private final int fd;
    private final String what;
    private boolean closed;

    /** Takes ownership of {@code fd}; {@code what} names it in misuse errors ("/dev/shadowk", "shadow 3"). */
    ShadowkFd(int fd, String what) {
        this.fd = fd;
        this.what = what;
    }

    int fd() {
        return fd;
    }

    /**
     * Issues {@code request} with {@code arg}; returns the ioctl's non-negative result, or throws
     * what {@code explain} makes of the errno.
     */
    int ioctl(ShadowkRequest request, Pointer arg, IntFunction<ShadowkException> explain) throws ShadowkException {
        if (closed) {
            throw new IllegalStateException(what + " handle already closed");
        }
        try {
            return LibC.ioctl(fd, new NativeLong(request.number()), arg);
        } catch (LastErrorException e) {
            throw explain.apply(e.getErrorCode());
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                LibC.close(fd);
            } catch (LastErrorException ignored) {
                // close(2) of a character device fails only for a bad fd, which an owned fd is not.
            }
        }
    }
}
