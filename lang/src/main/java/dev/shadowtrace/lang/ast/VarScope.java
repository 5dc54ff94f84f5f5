package dev.shadowtrace.lang.ast;

/** Where a {@link Variable} lives. */
public enum VarScope {
    /** {@code x}: one global value, shared by all threads and CPUs. */
    GLOBAL(""),
    /** {@code self->x}: one value per traced thread, kept across probe firings. */
    THREAD("self->"),
    /** {@code this->x}: clause-local, zero at the start of each clause execution. */
    CLAUSE("this->"),
    /** {@code $x}: bpftrace's spelling of a clause-local (a separate namespace from {@code this->}). */
    SCRATCH("$");

    private final String prefix;

    VarScope(String prefix) {
        this.prefix = prefix;
    }

    /** The spelling before the name: "", "self->", "this->" or "$". */
    public String prefix() {
        return prefix;
    }

    /** Whether the variable only lives during one execution of one clause. */
    public boolean isClauseLocal() {
        return this == CLAUSE || this == SCRATCH;
    }
}
