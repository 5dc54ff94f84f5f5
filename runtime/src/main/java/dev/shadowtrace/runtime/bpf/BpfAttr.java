package dev.shadowtrace.runtime.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/** A zeroed, native {@code union bpf_attr} filled in field by field. */
final class BpfAttr implements AutoCloseable {
    /** {@code sizeof(union bpf_attr)} on Linux 6.1 x86-64, passed as bpf(2)'s size argument. */
    static final int SIZE = 144;

    private final Memory memory = new Memory(SIZE);

    BpfAttr() {
        memory.clear();
    }

    /** Stores a 4- or 8-byte unsigned integer member. */
    BpfAttr put(BpfAttrField field, long value) {
        switch (field.size()) {
            case 4 -> memory.setInt(field.offset(), (int) value);
            case 8 -> memory.setLong(field.offset(), value);
            default -> throw new IllegalArgumentException(field + " is not an integer member");
        }
        return this;
    }

    /** Stores a user-space address in an {@code __aligned_u64} member. */
    BpfAttr put(BpfAttrField field, Pointer pointer) {
        return put(field, Pointer.nativeValue(pointer));
    }

    /** Stores a name in a {@code char[BPF_OBJ_NAME_LEN]} member, NUL-padded. */
    BpfAttr putName(BpfAttrField field, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length >= field.size()) {
            throw new IllegalArgumentException(name + " does not fit " + field.cName());
        }
        memory.write(field.offset(), bytes, 0, bytes.length);
        return this;
    }

    Pointer pointer() {
        return memory;
    }

    @Override
    public void close() {
        memory.close();
    }
}
