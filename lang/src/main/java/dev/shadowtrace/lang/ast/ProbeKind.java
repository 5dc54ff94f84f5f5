package dev.shadowtrace.lang.ast;

/** What a probe description fires on. */
public enum ProbeKind {
    /** Entry of a kernel function: {@code fbt::FUNC:entry}, {@code kprobe:FUNC}. */
    ENTRY,
    /** Return of a kernel function: {@code fbt::FUNC:return}, {@code kretprobe:FUNC}. */
    RETURN,
    /** An instruction offset inside a kernel function: {@code fbt::FUNC+0x1c}, {@code kprobe:FUNC+0x1c}. */
    OFFSET,
    /** Once when tracing starts, in the tracer: {@code BEGIN}. */
    BEGIN,
    /** Once when tracing stops, in the tracer: {@code END}. */
    END,
    /** Periodically, in the tracer: {@code tick-1s}, {@code interval:ms:100}. */
    TIMER,
    /**
     * Periodically while a traced process runs on a CPU, in its context: {@code profile:hz:99},
     * {@code profile-99} (a sample of a per-process CPU clock).
     */
    PROFILE,
    /**
     * A kernel tracepoint other than the syscalls': {@code tracepoint:sched:sched_switch}; its
     * arguments are the fields of the tracepoint's record ({@code args->prev_pid}).
     */
    TRACEPOINT;

    /** Whether probes of this kind fire in the traced process's kernel context (not in the tracer). */
    public boolean isKernel() {
        return this == ENTRY || this == RETURN || this == OFFSET || this == PROFILE || this == TRACEPOINT;
    }
}
