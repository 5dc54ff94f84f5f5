package dev.shadowtrace.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import java.io.IOException;

/**
 * An epoll instance: one thread waits on several file descriptors at once (a BPF ring buffer, a
 * process that may exit, a {@link Wakeup}), each registered with a token that {@link #await}
 * returns when it is readable. Level-triggered: a descriptor stays ready until drained.
 */
public final class Epoll implements AutoCloseable {
    /** At most this many ready descriptors are reported per wait; the rest on the next one. */
    static final int MAX_EVENTS = 16;

    private final ShadowkFd fd;
    private final Memory events = new Memory((long) MAX_EVENTS * LibC.EPOLL_EVENT_SIZE);

    private Epoll(int fd) {
        this.fd = new ShadowkFd(fd, "epoll");
    }

    public static Epoll create() throws IOException {
        try {
            return new Epoll(LibC.epoll_create1(LibC.EPOLL_CLOEXEC));
        } catch (LastErrorException e) {
            throw new IOException("epoll_create1 failed: " + LibC.strerror(e.getErrorCode()));
        }
    }

    /** Watches {@code watched} for input; {@link #await} reports it as {@code token}. */
    public void add(int watched, int token) throws IOException {
        try (Memory event = new Memory(LibC.EPOLL_EVENT_SIZE)) {
            event.clear();
            event.setInt(0, LibC.EPOLLIN);
            event.setLong(LibC.EPOLL_EVENT_OFF_DATA, token);
            LibC.epoll_ctl(fd.fd(), LibC.EPOLL_CTL_ADD, watched, event);
        } catch (LastErrorException e) {
            throw new IOException("cannot watch file descriptor " + watched + ": " + LibC.strerror(e.getErrorCode()));
        }
    }

    /** Stops watching {@code watched}, which must be watched. */
    public void remove(int watched) throws IOException {
        try (Memory event = new Memory(LibC.EPOLL_EVENT_SIZE)) {
            event.clear();
            LibC.epoll_ctl(fd.fd(), LibC.EPOLL_CTL_DEL, watched, event);
        } catch (LastErrorException e) {
            throw new IOException("cannot stop watching file descriptor " + watched + ": "
                    + LibC.strerror(e.getErrorCode()));
        }
    }

    /** This instance's own descriptor: readable while any watched descriptor is, so epolls nest. */
    public int fd() {
        return fd.fd();
    }

    /**
     * Waits until a watched descriptor is readable or {@code timeoutMillis} pass (-1: no limit), and
     * returns the tokens of the ready ones; none after a timeout or a signal.
     */
    public int[] await(int timeoutMillis) throws IOException {
        int n;
        try {
            n = LibC.epoll_wait(fd.fd(), events, MAX_EVENTS, timeoutMillis);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EINTR) {
                return new int[0];
            }
            throw new IOException("epoll_wait failed: " + LibC.strerror(e.getErrorCode()));
        }
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = (int) events.getLong((long) i * LibC.EPOLL_EVENT_SIZE + LibC.EPOLL_EVENT_OFF_DATA);
        }
        return tokens;
    }

    @Override
    public void close() {
        fd.close();
        events.close();
    }
}
