package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.Objects;

/**
 * A whole map passed to {@code printa}, {@code print}, {@code clear} or {@code trunc}: {@code printa(@calls)}.
 * Its type is a {@link dev.shadowtrace.lang.types.MapType}.
 */
public record MapRef(String name, SourcePos pos, Type type) implements Expr {

    public MapRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public MapRef(String name, SourcePos pos) {
        this(name, pos, ScalarType.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitMapRef(this);
    }
}
