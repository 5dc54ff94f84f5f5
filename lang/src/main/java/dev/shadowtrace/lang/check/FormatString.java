package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses printf-style formats into their conversions:
 * {@code %[flags][width][.precision][length]conversion} with flags {@code - + space # 0} (and
 * {@code @}, printa's "aggregation value" flag), length modifiers {@code hh h l ll z j t} (accepted and
 * ignored: every integer is 64-bit), and conversions {@code d i u x X o c p} (integers), {@code s}
 * (strings and stacks; a buffer up to its first NUL), {@code k} (stacks), {@code r} (buffers, as
 * bpftrace prints them; bpftrace's {@code %rx} every byte as {@code \xNN}, {@code %rh} every byte as hex
 * separated by spaces). {@code %%} prints a percent sign.
 */
final class FormatString {

    private static final String FLAGS = "-+ #0@";
    private static final String CONVERSIONS = "diuxXocpskr";

    /** One conversion: its text (e.g. {@code %-16s}), its letter, and whether it has the {@code @} flag. */
    record Conversion(String text, char letter, boolean aggregationValue) {

        boolean accepts(Type type) {
            return switch (letter) {
                case 's' -> type == ScalarType.STRING || type == ScalarType.STACK || type == ScalarType.BUFFER;
                case 'k' -> type == ScalarType.STACK;
                case 'r' -> type == ScalarType.BUFFER;
                default -> type == ScalarType.INT;
            };
        }

        /** What the conversion prints, for messages: "an integer". */
        String expects() {
            return switch (letter) {
                case 's' -> "a string";
                case 'k' -> "a stack";
                case 'r' -> "a buffer (buf(), copyin())";
                default -> "an integer";
            };
        }
    }

    /** A malformed format; the message says why. */
    static final class InvalidFormat extends Exception {
        InvalidFormat(String message) {
            super(message, null, false, false);
        }
    }

    private FormatString() {
    }

    static List<Conversion> parse(String format) throws InvalidFormat {
        List<Conversion> conversions = new ArrayList<>();
        int length = format.length();
        for (int i = 0; i < length; i++) {
            if (format.charAt(i) != '%') {
                continue;
            }
            int start = i++;
            if (i < length && format.charAt(i) == '%') {
                continue;
            }
            boolean aggregationValue = false;
            for (; i < length && FLAGS.indexOf(format.charAt(i)) >= 0; i++) {
                aggregationValue |= format.charAt(i) == '@';
            }
            i = skipDigits(format, i);
            if (i < length && format.charAt(i) == '.') {
                i = skipDigits(format, i + 1);
            }
            if (i < length && format.charAt(i) == '*') {
                throw new InvalidFormat("'*' widths and precisions are not supported");
            }
            if (format.startsWith("hh", i) || format.startsWith("ll", i)) {
                i += 2;
            } else if (i < length && "hlzjt".indexOf(format.charAt(i)) >= 0) {
                i++;
            }
            if (i >= length) {
                throw new InvalidFormat("incomplete conversion '" + format.substring(start) + "' at the end of the format");
            }
            String text = format.substring(start, i + 1);
            if (CONVERSIONS.indexOf(format.charAt(i)) < 0) {
                throw new InvalidFormat("unknown conversion '" + text + "' in the format");
            }
            char letter = format.charAt(i);
            if (letter == 'r' && i + 1 < length && "xh".indexOf(format.charAt(i + 1)) >= 0) {
                text = format.substring(start, ++i + 1); // %rx, %rh: a buffer in hex (bpftrace)
            }
            conversions.add(new Conversion(text, letter, aggregationValue));
        }
        return conversions;
    }

    private static int skipDigits(String s, int i) {
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
