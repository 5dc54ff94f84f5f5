package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.Objects;

/**
 * A prefix operation {@code !x}, {@code ~x} or {@code -x}.
 */
public record Unary(UnaryOp op, Expr operand, SourcePos pos, Type type) implements Expr {

    public Unary {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(operand, "operand");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public Unary(UnaryOp op, Expr operand, SourcePos pos) {
        this(op, operand, pos, ScalarType.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitUnary(this);
    }
}
