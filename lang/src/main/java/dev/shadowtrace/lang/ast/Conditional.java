package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.Objects;

/**
 * {@code condition ? ifTrue : ifFalse}; {@link #pos()} is the position of the {@code ?}.
 */
public record Conditional(Expr condition, Expr ifTrue, Expr ifFalse, SourcePos pos, Type type) implements Expr {

    public Conditional {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(ifTrue, "ifTrue");
        Objects.requireNonNull(ifFalse, "ifFalse");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public Conditional(Expr condition, Expr ifTrue, Expr ifFalse, SourcePos pos) {
        this(condition, ifTrue, ifFalse, pos, ScalarType.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitConditional(this);
    }
}
