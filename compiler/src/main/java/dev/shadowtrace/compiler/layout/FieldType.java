package dev.shadowtrace.compiler.layout;

import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

/** How the runtime decodes the bytes of a {@link Field}. All integers are little-endian. */
public enum FieldType {
    /** A signed 64-bit integer. */
    INT,
    /** A NUL-terminated string, zero-padded to the field's size (16 for execname, else 64 bytes). */
    STRING,
    /** A signed 64-bit kernel stack id in the {@code stacks} map; negative: not recorded (-errno). */
    STACK,
    /** A 64-bit kernel text address ({@code probefunc}); print the name of the function holding it. */
    SYMBOL,
    /** A 64-bit index into {@code CompiledScript.probeNames()} ({@code probename}). */
    PROBENAME;

    /** The size of a stored value of a script type: 64 bytes for strings, 8 for everything else. */
    public static int sizeOf(FieldType type) {
        return type == STRING ? ScalarType.STRING_SIZE : 8;
    }

    /** The field type storing a value of the script type {@code int}, {@code string} or {@code stack}. */
    public static FieldType of(Type type) {
        if (type == ScalarType.INT) {
            return INT;
        }
        if (type == ScalarType.STRING) {
            return STRING;
        }
        if (type == ScalarType.STACK) {
            return STACK;
        }
        throw new IllegalArgumentException("no storage for values of type " + type);
    }
}
