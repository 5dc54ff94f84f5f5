package dev.shadowtrace.runtime.aggregate;

import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.FieldType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.ToLongFunction;

/**
 * Reads and writes the fields of map keys, map values and event payloads, byte for byte as the
 * generated programs do (compiler/README.md, "Maps" and "Event records"): little-endian 64-bit
 * words, strings NUL-terminated and zero-padded to their buffer, buffers a length word and their bytes.
 */
public final class Fields {
    private Fields() {}

    /** The value of {@code field} in {@code bytes}, whose layout starts at {@code base}. */
    public static Value decode(Field field, byte[] bytes, int base) {
        int at = base + field.offset();
        return switch (field.type()) {
            case INT -> new Value.Int(word(bytes, at));
            case STRING -> new Value.Str(string(bytes, at, field.size()));
            case BUFFER -> new Value.Buf(buffer(bytes, at, field.size()));
            case STACK -> new Value.Stack(word(bytes, at));
            case SYMBOL -> new Value.Symbol(word(bytes, at));
            case USYM -> new Value.UserSymbol(word(bytes, at), word(bytes, at + 8));
            case PROBENAME -> new Value.ProbeName(word(bytes, at));
        };
    }

    /**
     * Writes {@code value} into {@code field} of {@code bytes}. A string written to a
     * {@code SYMBOL} or {@code PROBENAME} field is a tracer clause's {@code probefunc} or
     * {@code probename}: {@code probeNameIds} numbers it as the kernel side would.
     */
    public static void encode(Field field, Value value, byte[] bytes, int base, ToLongFunction<String> probeNameIds) {
        int at = base + field.offset();
        switch (field.type()) {
            case STRING -> System.arraycopy(stringBytes(((Value.Str) value).value(), field.size()), 0, bytes, at,
                    field.size());
            case BUFFER -> {
                byte[] data = ((Value.Buf) value).bytes();
                int length = Math.min(data.length, field.size() - FieldType.BUFFER_HEADER);
                Arrays.fill(bytes, at, at + field.size(), (byte) 0);
                putWord(bytes, at, length);
                System.arraycopy(data, 0, bytes, at + FieldType.BUFFER_HEADER, length);
            }
            case SYMBOL -> putWord(bytes, at, value instanceof Value.Symbol s ? s.address() : 0);
            case USYM -> {
                Value.UserSymbol u = (Value.UserSymbol) value;
                putWord(bytes, at, u.pid());
                putWord(bytes, at + 8, u.address());
            }
            case PROBENAME -> putWord(bytes, at, value instanceof Value.ProbeName p ? p.id()
                    : probeNameIds.applyAsLong(((Value.Str) value).value()));
            case INT, STACK -> putWord(bytes, at, number(value));
        }
    }

    /** The number an int or stack value holds. */
    public static long number(Value value) {
        if (value instanceof Value.Int i) {
            return i.value();
        }
        if (value instanceof Value.Stack s) {
            return s.id();
        }
        throw new IllegalArgumentException("not a number: " + value);
    }

    public static long word(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }

    public static void putWord(byte[] bytes, int offset, long value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
    }

    /** A buffer field's data: the length word (bounded by the field) and that many bytes. */
    static byte[] buffer(byte[] bytes, int offset, int size) {
        long length = Math.max(0, Math.min(word(bytes, offset), size - FieldType.BUFFER_HEADER));
        int start = offset + FieldType.BUFFER_HEADER;
        return Arrays.copyOfRange(bytes, start, start + (int) length);
    }

    /** The text up to the first NUL of a {@code size}-byte buffer at {@code offset}. */
    public static String string(byte[] bytes, int offset, int size) {
        int end = offset;
        while (end < offset + size && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    /**
     * A {@code size}-byte buffer holding {@code s}: at most {@code size - 1} bytes of its UTF-8,
     * then zeroes, as the kernel stores strings (so equal strings have equal bytes).
     */
    public static byte[] stringBytes(String s, int size) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(text.length < size ? text : Arrays.copyOf(text, size - 1), size);
    }
}
