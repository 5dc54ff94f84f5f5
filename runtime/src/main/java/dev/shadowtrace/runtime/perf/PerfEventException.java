package dev.shadowtrace.runtime.perf;

/** A perf_event_open(2) or perf ioctl that failed, with its errno. */
public final class PerfEventException extends Exception {
    private final int errno;

    public PerfEventException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
