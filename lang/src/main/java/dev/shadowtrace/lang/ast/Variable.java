package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.Objects;

/**
 * A variable: global {@code x}, thread-local {@code self->x}, clause-local {@code this->x} or {@code $x}.
 */
public record Variable(VarScope scope, String name, SourcePos pos, Type type) implements LValue {

    public Variable {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public Variable(VarScope scope, String name, SourcePos pos) {
        this(scope, name, pos, ScalarType.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitVariable(this);
    }
}
