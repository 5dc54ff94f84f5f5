package dev.shadowtrace.compiler.layout;

import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

/** How the runtime decodes the bytes of a {@link Field}. All integers are little-endian. */
public enum FieldType {
    /** A signed 64-bit integer. */
    INT,
    /** A NUL-terminated string, zero-padded to the field's size (16 for execname, else 64 bytes). */
    STRING,
    /**
     * A buffer value ({@code buf()}, {@code copyin()}): a u64 length (0 to {@link ScalarType#BUFFER_SIZE}),
     * then {@link ScalarType#BUFFER_SIZE} bytes, those past the length zero (so equal buffers have equal bytes).
     */
    BUFFER,
    /** A signed 64-bit kernel stack id in the {@code stacks} map; negative: not recorded (-errno). */
    STACK,
    /** A 64-bit kernel text address ({@code probefunc}); print the name of the function holding it. */
    SYMBOL,
    /**
     * A user address with its process ({@code usym()}): the u64 pid (tgid), then the u64 address; print the
     * name of the function holding it in that process.
     */
    USYM,
    /** A 64-bit index into {@code CompiledScript.probeNames()} ({@code probename}). */
    PROBENAME;

    /** The bytes before a buffer's data: its length. */
    public static final int BUFFER_HEADER = 8;

    /** The size of a stored value of a script type: 64 bytes for strings, 72 for buffers, 16 for usym(), 8 for everything else. */
    public static int sizeOf(FieldType type) {
        return switch (type) {
            case STRING -> ScalarType.STRING_SIZE;
            case BUFFER -> BUFFER_HEADER + ScalarType.BUFFER_SIZE;
            case USYM -> 16;
            default -> 8;
        };
    }

    /** The field type storing a value of the script type {@code int}, {@code string}, {@code stack} or {@code buffer}. */
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
        if (type == ScalarType.BUFFER) {
            return BUFFER;
        }
        throw new IllegalArgumentException("no storage for values of type " + type);
    }
}
