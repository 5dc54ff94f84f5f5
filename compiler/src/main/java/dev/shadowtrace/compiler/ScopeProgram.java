package dev.shadowtrace.compiler;

import dev.shadowtrace.compiler.bpf.Program;
import dev.shadowtrace.compiler.kernel.TracepointFormat;

/**
 * A program of no clause that keeps the tracepoint scope map ({@code tp_scope}) following the traced
 * processes: attached to {@code tracepoint}'s perf event beside the clauses' tracepoint programs
 * ({@code TracepointFollowers}).
 *
 * @param name       the kernel program name, e.g. {@code tp_scope_fork}
 * @param tracepoint the tracepoint it runs on
 * @param program    a {@code BPF_PROG_TYPE_TRACEPOINT} program, map references still symbolic
 * @param purpose    what it does, for {@code -S} and {@code -v}
 * @param inTraced   whether its tracepoint fires in the context of a traced process (the parent at
 *                   its fork), so that the trace's shadow can hold it: other processes then do not
 *                   reach it
 */
public record ScopeProgram(String name, TracepointFormat tracepoint, Program program, String purpose,
        boolean inTraced) {
}
