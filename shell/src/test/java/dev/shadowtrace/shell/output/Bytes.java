package dev.shadowtrace.shell.output;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Map keys, values and event records built by hand, following compiler/README.md's layouts. */
final class Bytes {
    private Bytes() {}

    /**
     * Fields one after the other: a {@link String} as a 64-byte NUL-padded buffer, a {@link Str16}
     * as execname's 16-byte one, a number as a little-endian u64.
     */
    static byte[] of(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(Arrays.copyOf(s.getBytes(StandardCharsets.UTF_8), 64));
            } else if (part instanceof Str16 s) {
                out.writeBytes(Arrays.copyOf(s.text().getBytes(StandardCharsets.UTF_8), 16));
            } else {
                out.writeBytes(u64(((Number) part).longValue()));
            }
        }
        return out.toByteArray();
    }

    /** A string in a 16-byte buffer (execname in event payloads). */
    record Str16(String text) {}

    /** An event record: {@code u32 format id, u32 payload size, payload}. */
    static ByteBuffer record(int formatId, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(formatId).putInt(payload.length).put(payload).flip();
    }

    static byte[] u64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }
}
