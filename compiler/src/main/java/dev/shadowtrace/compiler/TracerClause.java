package dev.shadowtrace.compiler;

import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.ProbeDescription;

import java.util.List;

/**
 * A clause, or the BEGIN/END/timer probes of a clause, that the runtime executes in the tracer:
 * nothing is compiled for it. It reads and writes the script's data through the maps described in
 * {@link CompiledScript}.
 *
 * @param clauseNumber the clause's number in the script, from 1
 * @param clause       the clause
 * @param probes       its BEGIN, END and timer probes
 */
public record TracerClause(int clauseNumber, Clause clause, List<ProbeDescription> probes) {

    public TracerClause {
        probes = List.copyOf(probes);
    }
}
