package dev.shadowtrace.runtime.session;

import dev.shadowtrace.runtime.LaunchGate;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a trace follows, and so when it ends: running processes ({@code -p PID[,PID...]}), a
 * command the tracer starts ({@code -c CMD}) or the processes of a cgroup ({@code --cgroup PATH}).
 * The target is bound to the session's shadow after the probes are attached.
 */
public interface TraceTarget extends AutoCloseable {
    /** Binds the target to {@code session}'s shadow; a command is started bound. */
    void start(TraceSession session) throws TraceException;

    /**
     * A descriptor that becomes readable when the target may have exited (then {@link #exited}
     * says), or -1: then {@link #exited} is polled.
     */
    int exitFd();

    /** Whether the target has exited. */
    boolean exited();

    /** Ends following the target: a command the tracer started and that still runs is terminated. */
    @Override
    void close();

    static TraceTarget processes(List<Integer> pids) {
        return new ProcessTarget(pids);
    }

    static TraceTarget cgroup(String path, Consumer<String> warn) throws IOException {
        return new CgroupTarget(path, warn);
    }

    static TraceTarget command(List<String> argv) {
        return new CommandTarget(argv, null);
    }

    /** The command {@code argv} spawned already at {@code gate} (its pid known to the script as {@code $target}). */
    static TraceTarget command(List<String> argv, LaunchGate gate) {
        return new CommandTarget(argv, java.util.Objects.requireNonNull(gate, "gate"));
    }
}
