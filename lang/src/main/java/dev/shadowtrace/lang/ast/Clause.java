package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code probe, probe... /predicate/ { body }}: the body runs when one of the probes fires and the
 * optional predicate is non-zero.
 *
 * @param probes    one or more probe descriptions
 * @param predicate the predicate, an {@code int} expression once checked
 * @param body      the statements, possibly none
 * @param pos       where the first probe description starts
 */
public record Clause(List<ProbeDescription> probes, Optional<Expr> predicate, List<Statement> body, SourcePos pos)
        implements Node {

    public Clause {
        probes = List.copyOf(probes);
        if (probes.isEmpty()) {
            throw new IllegalArgumentException("a clause needs at least one probe");
        }
        Objects.requireNonNull(predicate, "predicate");
        body = List.copyOf(body);
        Objects.requireNonNull(pos, "pos");
    }
}
