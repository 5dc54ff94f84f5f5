package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.Objects;

/**
 * A read of a built-in variable such as {@code pid} or {@code arg0}.
 */
public record BuiltinRef(BuiltinVariable variable, SourcePos pos, Type type) implements Expr {

    public BuiltinRef {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public BuiltinRef(BuiltinVariable variable, SourcePos pos) {
        this(variable, pos, ScalarType.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitBuiltinRef(this);
    }
}
