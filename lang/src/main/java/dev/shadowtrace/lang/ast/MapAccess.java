package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.List;
import java.util.Objects;

/**
 * An element of a map, {@code @name[k1, k2]}, or the single value of a map without keys, {@code @name}.
 * The name includes the {@code @}; the anonymous map is named {@code "@"}.
 */
public record MapAccess(String name, List<Expr> keys, SourcePos pos, Type type) implements LValue {

    public MapAccess {
        Objects.requireNonNull(name, "name");
        keys = List.copyOf(keys);
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public MapAccess(String name, List<Expr> keys, SourcePos pos) {
        this(name, keys, pos, ScalarType.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitMapAccess(this);
    }
}
