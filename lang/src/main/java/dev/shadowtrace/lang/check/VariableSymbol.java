package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.ast.VarScope;
import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.Type;

/**
 * A variable of a checked script. Its type is fixed by its first assignment in source order.
 *
 * @param scope      global, thread-local or clause-local
 * @param name       the name without prefix ({@code ts} for {@code self->ts})
 * @param type       {@code int}, {@code string} or {@code stack}
 * @param assignedAt the first assignment
 */
public record VariableSymbol(VarScope scope, String name, Type type, SourcePos assignedAt) {

    /** The name as written: {@code x}, {@code self->x}, {@code this->x} or {@code $x}. */
    public String displayName() {
        return scope.prefix() + name;
    }
}
