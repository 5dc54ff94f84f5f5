package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.Objects;

/**
 * A probe argument by name, {@code args->filename} (also bpftrace's newer {@code args.filename}):
 * a syscall's argument at entry, {@code args->ret} its return value at return. Whether the name
 * exists is known only from the kernel, so the compiler resolves it; it is a 64-bit integer.
 *
 * @param name    the argument's name as written
 * @param pos     where {@code args} starts
 * @param namePos where the name starts: point "unknown argument" errors here
 */
public record ProbeArg(String name, SourcePos pos, SourcePos namePos, Type type) implements Expr {

    /** The name of the return value in a syscall's return probe, as in the sys_exit tracepoints. */
    public static final String RETURN_VALUE = "ret";

    public ProbeArg {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(namePos, "namePos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public ProbeArg(String name, SourcePos pos, SourcePos namePos) {
        this(name, pos, namePos, ScalarType.UNRESOLVED);
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitProbeArg(this);
    }
}
