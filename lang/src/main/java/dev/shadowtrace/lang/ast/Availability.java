package dev.shadowtrace.lang.ast;

/** In which probes a built-in variable or function is meaningful. */
public enum Availability {
    /** In every probe. */
    ANYWHERE,
    /** In kernel probes only: BEGIN, END and timers run in the tracer, not in the traced process. */
    TRACED_PROCESS,
    /** In entry and offset probes, where the function arguments are in registers. */
    FUNCTION_ARGUMENTS,
    /** In return probes. */
    RETURN_VALUE;

    public boolean allows(ProbeKind kind) {
        return switch (this) {
            case ANYWHERE -> true;
            case TRACED_PROCESS -> kind.isKernel();
            case FUNCTION_ARGUMENTS -> kind == ProbeKind.ENTRY || kind == ProbeKind.OFFSET;
            case RETURN_VALUE -> kind == ProbeKind.RETURN;
        };
    }
}
