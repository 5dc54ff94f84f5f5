package dev.shadowtrace.compiler.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The byte layout of a map key, map value or event payload: fields at 8-byte aligned offsets.
 *
 * @param fields the fields in offset order
 * @param size   total bytes, at least the end of the last field
 */
public record Layout(List<Field> fields, int size) {

    public Layout {
        fields = List.copyOf(fields);
    }

    public Optional<Field> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** E.g. {@code {ts int @0, comm string[64] @8} 72 bytes}. */
    @Override
    public String toString() {
        return fields.stream().map(Field::toString).collect(Collectors.joining(", ", "{", "}")) + " " + size + " bytes";
    }

    /** Appends fields at 8-byte aligned offsets, starting at a given offset. */
    public static final class Builder {
        private final List<Field> fields = new ArrayList<>();
        private int size;

        public Builder() {
            this(0);
        }

        /** Starts the first field at {@code start} (for histogram keys, after the 8-byte bucket). */
        public Builder(int start) {
            size = start;
        }

        public Builder add(String name, FieldType type, int bytes) {
            fields.add(new Field(name, type, size, bytes));
            size += (bytes + 7) / 8 * 8;
            return this;
        }

        /** A field of a script value of this type: 64 bytes for strings, 8 otherwise. */
        public Builder add(String name, FieldType type) {
            return add(name, type, FieldType.sizeOf(type));
        }

        public Layout build() {
            return new Layout(fields, size);
        }

        /** Like {@link #build()}, but at least {@code minimumSize} bytes. */
        public Layout build(int minimumSize) {
            return new Layout(fields, Math.max(size, minimumSize));
        }
    }
}
