package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.Objects;

/**
 * A binary operation; {@link #pos()} is the position of the operator.
 */
public record Binary(BinaryOp op, Expr left, Expr right, SourcePos pos, Type type) implements Expr {

    public Binary {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public Binary(BinaryOp op, Expr left, Expr right, SourcePos pos) {
        this(op, left, right, pos, ScalarType.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitBinary(this);
    }
}
