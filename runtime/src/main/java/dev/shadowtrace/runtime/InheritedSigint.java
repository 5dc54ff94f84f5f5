package dev.shadowtrace.runtime;

import com.sun.jna.Memory;

/**
 * A shell without job control (a script) starts a background job ({@code tool &}) with SIGINT
 * ignored, and the JVM leaves an ignored SIGINT ignored: a Java handler registered for it never
 * runs, and {@code kill -INT} does nothing. bpftrace and DTrace end on SIGINT however they were
 * started; a tracer that wants the same undoes an inherited ignore while it handles the signal.
 * Create this before registering the handler, close it after unregistering: closing puts back the
 * disposition found (ignored stays ignored for whatever runs afterwards).
 */
public final class InheritedSigint implements AutoCloseable {
    private final Memory saved = new Memory(LibC.SIGACTION_SIZE);
    private final boolean wasIgnored;

    private InheritedSigint() {
        LibC.sigaction(LibC.SIGINT, null, saved);
        wasIgnored = saved.getLong(0) == LibC.SIG_IGN;
        if (wasIgnored) {
            try (Memory dfl = new Memory(LibC.SIGACTION_SIZE)) {
                dfl.clear(); // SIG_DFL, empty mask, no flags: the JVM may install its handler now
                LibC.sigaction(LibC.SIGINT, dfl, null);
            }
        }
    }

    /** Makes SIGINT handleable if this process started with it ignored. */
    public static InheritedSigint unignore() {
        return new InheritedSigint();
    }

    /** Whether SIGINT was ignored when this was created (and is handleable now). */
    public boolean wasIgnored() {
        return wasIgnored;
    }

    @Override
    public void close() {
        if (wasIgnored) {
            LibC.sigaction(LibC.SIGINT, saved, null);
        }
        saved.close();
    }
}
