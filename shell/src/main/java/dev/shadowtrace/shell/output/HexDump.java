package dev.shadowtrace.shell.output;

/**
 * DTrace's {@code tracemem()} output ({@code dt_print_rawbytes}): after a newline, a header of the column
 * offsets 0 to f and {@code 0123456789abcdef}, then per 16 bytes the offset in hex, the bytes in hex and
 * the bytes as characters ({@code .} for those that are not printable ASCII):
 *
 * <pre>
 *
 *              0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef
 *          0: 2f 65 74 63 2f 70 61 73 73 77 64 00              /etc/passwd.
 * </pre>
 */
final class HexDump {
    private static final int MARGIN = 5;

    private HexDump() {}

    /**
     * The dump of {@code bytes}, at most {@code count} of them and, when {@code size} is not negative, at most
     * {@code size} (tracemem's optional third argument); nothing for no bytes.
     */
    static String of(byte[] bytes, long count, long size) {
        long n = Math.min(bytes.length, Math.max(0, count));
        if (size >= 0) {
            n = Math.min(n, size);
        }
        if (n == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n").append(" ".repeat(MARGIN + 6));
        for (int i = 0; i < 16; i++) {
            out.append("  ").append(Character.forDigit(i, 16));
        }
        out.append("  0123456789abcdef\n");
        for (int i = 0; i < n; i += 16) {
            out.append(" ".repeat(MARGIN)).append(String.format("%5x:", i));
            int end = (int) Math.min(i + 16, n);
            for (int j = i; j < end; j++) {
                out.append(String.format(" %02x", bytes[j] & 0xff));
            }
            out.append("   ".repeat(i + 16 - end)).append("  ");
            for (int j = i; j < end; j++) {
                out.append(bytes[j] < ' ' || bytes[j] > '~' ? '.' : (char) bytes[j]);
            }
            out.append('\n');
        }
        return out.toString();
    }
}
