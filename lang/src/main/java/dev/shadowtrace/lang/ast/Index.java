package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.Objects;

/**
 * An element of kernel data, {@code base[index]}: of an array member ({@code curtask->comm[0]}) or
 * through a typed pointer. The compiler resolves the element type from BTF and checks a constant
 * index against the array's size.
 *
 * @param pos where the '[' is
 */
public record Index(Expr base, Expr index, SourcePos pos, Type type) implements Expr {

    public Index {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public Index(Expr base, Expr index, SourcePos pos) {
        this(base, index, pos, ScalarType.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitIndex(this);
    }
}
