package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;

import java.util.Objects;

/**
 * {@code target op value}: plain ({@code =}) or compound ({@code +=}, ...) assignment to a variable
 * or to a map element (a non-aggregating map keeps the last value). {@code x++} is
 * {@code x += 1} and {@code x--} is {@code x -= 1}, with the literal 1 at the operator's position.
 */
public record Assign(LValue target, AssignOp op, Expr value, SourcePos pos) implements Statement {

    public Assign {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(pos, "pos");
    }

    @Override
    public <R> R accept(StatementVisitor<R> visitor) {
        return visitor.visitAssign(this);
    }
}
