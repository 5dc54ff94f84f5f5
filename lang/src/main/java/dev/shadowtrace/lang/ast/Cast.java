package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.Objects;

/**
 * A cast of an integer to a pointer to a kernel struct or union, {@code (struct task_struct *)curtask},
 * so that {@code ->} can follow it. The compiler looks the type up in the kernel's BTF; the value is
 * the operand's.
 *
 * @param composite the type pointed to as written, {@code struct task_struct} or {@code union ...}
 * @param pos       where the cast's '(' is
 * @param typePos   where the type's name starts: point "unknown type" errors here
 */
public record Cast(String composite, Expr operand, SourcePos pos, SourcePos typePos, Type type) implements Expr {

    public Cast {
        Objects.requireNonNull(composite, "composite");
        Objects.requireNonNull(operand, "operand");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(typePos, "typePos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public Cast(String composite, Expr operand, SourcePos pos, SourcePos typePos) {
        this(composite, operand, pos, typePos, ScalarType.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitCast(this);
    }
}
