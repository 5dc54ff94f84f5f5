package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.Objects;

/**
 * A struct member of kernel data, {@code args->path->dentry} or {@code x.d_name}: {@code ->} through
 * a pointer, {@code .} in a struct that is itself a member. Which members exist, their offsets and
 * types, only the kernel's BTF says, so the compiler resolves it; to the checker it is a 64-bit
 * integer (a char array's or struct's value is its address, usable by {@code str()}).
 *
 * @param base    the pointer or struct whose member this is
 * @param arrow   {@code ->} rather than {@code .}
 * @param pos     where the base starts
 * @param namePos where the member's name starts: point "no member" errors here
 */
public record Member(Expr base, String name, boolean arrow, SourcePos pos, SourcePos namePos, Type type)
        implements Expr {

    public Member {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(namePos, "namePos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public Member(Expr base, String name, boolean arrow, SourcePos pos, SourcePos namePos) {
        this(base, name, arrow, pos, namePos, ScalarType.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitMember(this);
    }
}
