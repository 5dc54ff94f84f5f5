package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.Objects;

/**
 * An integer literal ({@code 42}, {@code 0x1f}); literals above 2^63-1 wrap to negative values.
 */
public record IntLiteral(long value, SourcePos pos, Type type) implements Expr {

    public IntLiteral {
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public IntLiteral(long value, SourcePos pos) {
        this(value, pos, ScalarType.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitIntLiteral(this);
    }
}
