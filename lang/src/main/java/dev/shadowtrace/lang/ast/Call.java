package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.List;
import java.util.Objects;

/**
 * A call of a built-in function or action, {@code printf("%d\n", pid)}. {@code name} is the name as
 * written, which may be an alias ({@code stringof} for {@link BuiltinFunction#STR}).
 */
public record Call(BuiltinFunction function, String name, List<Expr> args, SourcePos pos, Type type) implements Expr {

    public Call {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public Call(BuiltinFunction function, String name, List<Expr> args, SourcePos pos) {
        this(function, name, args, pos, ScalarType.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitCall(this);
    }
}
