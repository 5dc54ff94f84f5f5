package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;

import java.util.Objects;

/** An expression evaluated for its effect, typically an action: {@code printf("%d\n", pid);}. */
public record ExprStatement(Expr expr, SourcePos pos) implements Statement {

    public ExprStatement {
        Objects.requireNonNull(expr, "expr");
        Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(StatementVisitor<R> visitor) {
        return visitor.visitExprStatement(this);
    }
}
