package dev.shadowtrace.compiler.layout;

import java.util.Locale;

/**
 * One member of a {@link Layout}.
 *
 * @param name   a variable name ({@code ts}), a key position ({@code key1}) or a value member ({@code count})
 * @param type   how to decode it
 * @param offset byte offset from the start of the layout, a multiple of 8
 * @param size   bytes
 */
public record Field(String name, FieldType type, int offset, int size) {

    /** E.g. {@code ts int @0} or {@code comm string[16] @8}. */
    @Override
    public String toString() {
        String t = type.name().toLowerCase(Locale.ROOT);
        return name + " " + (type == FieldType.STRING ? t + "[" + size + "]" : t) + " @" + offset;
    }
}
