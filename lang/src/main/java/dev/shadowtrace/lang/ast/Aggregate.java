package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;

import java.util.Objects;

/** {@code @name[keys] = count()} (or another aggregating function): feed one value into an aggregation. */
public record Aggregate(MapAccess target, AggregationCall call, SourcePos pos) implements Statement {

    public Aggregate {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(StatementVisitor<R> visitor) {
        return visitor.visitAggregate(this);
    }
}
