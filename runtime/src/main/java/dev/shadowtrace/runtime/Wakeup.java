package dev.shadowtrace.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;

import java.io.IOException;

/**
 * An eventfd that any thread (a signal handler, a process-exit callback) makes readable, so that
 * a thread blocked in {@link Epoll#await} on it wakes up at once instead of at its next timeout.
 */
public final class Wakeup implements AutoCloseable {
    private static final byte[] ONE = {1, 0, 0, 0, 0, 0, 0, 0};

    private final ShadowkFd fd;
    private boolean closed;

    private Wakeup(int fd) {
        this.fd = new ShadowkFd(fd, "eventfd");
    }

    public static Wakeup create() throws IOException {
        try {
            return new Wakeup(LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK));
        } catch (LastErrorException e) {
            throw new IOException("eventfd failed: " + LibC.strerror(e.getErrorCode()));
        }
    }

    /** The descriptor to watch: readable after {@link #signal} until {@link #drain}. */
    public int fd() {
        return fd.fd();
    }

    /** Makes the descriptor readable. Safe from any thread, also after {@link #close}; never blocks. */
    public synchronized void signal() {
        if (closed) {
            return;
        }
        try {
            LibC.write(fd.fd(), ONE, new NativeLong(ONE.length));
        } catch (LastErrorException ignored) {
            // EAGAIN: the counter is at its maximum, so the descriptor is readable already.
        }
    }

    /** Makes the descriptor unreadable again. */
    public void drain() {
        byte[] counter = new byte[8];
        try {
            LibC.read(fd.fd(), counter, new NativeLong(counter.length));
        } catch (LastErrorException ignored) {
            // EAGAIN: nothing was signalled
        }
    }

    /** Closes the descriptor; a later {@link #signal} does nothing (it could hit a reused number). */
    @Override
    public synchronized void close() {
        closed = true;
        fd.close();
    }
}
