package dev.shadowtrace.runtime.aggregate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A script value as the tracer sees it, decoded from a map, a global or an event record. The
 * kernel stores {@code probefunc} and {@code probename} as numbers (an address, an index into the
 * probe names) that only the tracer turns into names, so they stay numbers here until printed.
 */
public sealed interface Value permits Value.Int, Value.Str, Value.Buf, Value.Stack, Value.Symbol,
        Value.UserSymbol, Value.ProbeName {

    /** A 64-bit signed integer. */
    public record Int(long value) implements Value {}

    /** A string, without its NUL and padding. */
    public record Str(String value) implements Value {}

    /** A buffer value ({@code buf()}, {@code copyin()}): the bytes copied, its length theirs. */
    public record Buf(byte[] bytes) implements Value {
        public Buf {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /**
         * As bpftrace's {@code %r} prints a buffer: printable ASCII (0x20 to 0x7e) as is, every other
         * byte as {@code \xNN} in lower-case hex.
         */
        public String escaped() {
            StringBuilder out = new StringBuilder();
            for (byte b : bytes) {
                if (b >= 0x20 && b <= 0x7e) {
                    out.append((char) b);
                } else {
                    out.append(String.format("\\x%02x", b & 0xff));
                }
            }
            return out.toString();
        }

        /** As bpftrace's {@code %rx} prints a buffer: every byte as {@code \xNN}, lower-case hex. */
        public String hex() {
            StringBuilder out = new StringBuilder();
            for (byte b : bytes) {
                out.append(String.format("\\x%02x", b & 0xff));
            }
            return out.toString();
        }

        /** As bpftrace's {@code %rh} prints a buffer: every byte in lower-case hex, separated by spaces ({@code 0a fe}). */
        public String hexSpaced() {
            StringBuilder out = new StringBuilder();
            for (byte b : bytes) {
                out.append(out.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xff));
            }
            return out.toString();
        }

        /** The bytes up to the first NUL as text, as {@code %s} and {@code stringof()} take a buffer. */
        public String text() {
            int end = 0;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Buf other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Buf[" + escaped() + "]";
        }
    }

    /** A kernel stack value: an id in a stack map, with its shape (compiler StackValues); negative: not recorded ({@code -errno}). */
    public record Stack(long id) implements Value {}

    /** A kernel text address ({@code probefunc}), printed as the function holding it; 0 is no function. */
    public record Symbol(long address) implements Value {}

    /** A user address of process {@code pid} ({@code usym()}), printed as the function holding it there. */
    public record UserSymbol(long pid, long address) implements Value {}

    /** An index into the probe names ({@code probename}). */
    public record ProbeName(long id) implements Value {}

    Int ZERO = new Int(0);
}
