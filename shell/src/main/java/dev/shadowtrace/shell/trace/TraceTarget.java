package dev.shadowtrace.shell.trace;

import java.util.List;

/**
 * What a trace follows, and so when it ends: a running process ({@code -p PID}) or a command the
 * tracer starts ({@code -c CMD}). The target is bound to the session's shadow after the probes
 * are attached.
 */
interface TraceTarget extends AutoCloseable {
    /** Binds the target to {@code session}'s shadow; a command is started bound. */
    void start(TraceSession session) throws TraceException;

    /** A descriptor that becomes readable when the target exits, or -1: then {@link #exited} is polled. */
    int exitFd();

    /** Whether the target has exited. */
    boolean exited();

    /** Ends following the target: a command the tracer started and that still runs is terminated. */
    @Override
    void close();

    static TraceTarget process(int pid) {
        return new ProcessTarget(pid);
    }

    static TraceTarget command(List<String> argv) {
        return new CommandTarget(argv);
    }
}
