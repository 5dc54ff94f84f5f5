package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;

import java.util.List;
import java.util.Objects;

/**
 * {@code if (condition) { thenBody } else { elseBody }}. {@code else if} is an else body holding a
 * single {@code If}; without {@code else} the else body is empty.
 */
public record If(Expr condition, List<Statement> thenBody, List<Statement> elseBody, SourcePos pos)
        implements Statement {

    public If {
        Objects.requireNonNull(condition, "condition");
        thenBody = List.copyOf(thenBody);
        elseBody = List.copyOf(elseBody);
        Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(StatementVisitor<R> visitor) {
        return visitor.visitIf(this);
    }
}
