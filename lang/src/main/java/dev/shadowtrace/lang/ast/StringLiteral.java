package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.Objects;

/**
 * A string literal with its escapes decoded.
 */
public record StringLiteral(String value, SourcePos pos, Type type) implements Expr {

    public StringLiteral {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public StringLiteral(String value, SourcePos pos) {
        this(value, pos, ScalarType.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitStringLiteral(this);
    }
}
