package dev.shadowtrace.shell.trace;

import dev.shadowtrace.runtime.InheritedSigint;
import dev.shadowtrace.runtime.Wakeup;

import org.jline.utils.Signals;

/**
 * SIGINT (Ctrl-C) and SIGTERM end a trace the way DTrace's and bpftrace's do: tracing stops, END
 * clauses run and the aggregations are printed, and the tool exits 0. From installation until
 * {@link #close}, either signal sets a flag and wakes the trace loop; closing restores the
 * previous handlers (the JVM's, which exit). A SIGINT ignored from the start (a script's
 * background job, {@code shadowtrace ... & kill -INT $!}) is handled too, as bpftrace does, and
 * ignored again after closing.
 */
final class StopSignals implements AutoCloseable {
    private static final String[] NAMES = {"INT", "TERM"};

    private final Wakeup wakeup;
    private final Object[] previous = new Object[NAMES.length];
    private final InheritedSigint sigint;
    private volatile String received;

    StopSignals(Wakeup wakeup) {
        this.wakeup = wakeup;
        this.sigint = InheritedSigint.unignore();
        for (int i = 0; i < NAMES.length; i++) {
            String name = NAMES[i];
            previous[i] = Signals.register(name, () -> stop("SIG" + name));
        }
    }

    /** Stops as a signal would; for the script's own reasons to stop, and for tests. */
    void stop(String why) {
        received = why;
        wakeup.signal();
    }

    /** Whether a signal asked to stop. */
    boolean received() {
        return received != null;
    }

    @Override
    public void close() {
        for (int i = 0; i < NAMES.length; i++) {
            Signals.unregister(NAMES[i], previous[i]);
        }
        sigint.close();
    }
}
