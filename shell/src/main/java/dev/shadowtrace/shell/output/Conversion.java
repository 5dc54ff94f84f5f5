package dev.shadowtrace.shell.output;

import java.util.Locale;

/**
 * One {@code %[flags][width][.precision][length]letter} conversion of a printf format, rendering a
 * value with C's printf rules as DTrace uses them: every integer is 64-bit (so {@code %d}, {@code %x}
 * and {@code %u} print all 64 bits whatever the length modifier, which is accepted and ignored), and
 * {@code %p} prints in hex like {@code %x}, without {@code 0x}.
 *
 * @param text        the conversion as written, e.g. {@code %-16s}
 * @param letter      {@code d i u x X o c p s k}
 * @param left        flag {@code -}: pad on the right
 * @param plus        flag {@code +}: signed conversions print {@code +} before non-negative values
 * @param space       flag space: signed conversions print a space before non-negative values
 * @param alternate   flag {@code #}: {@code 0x}/{@code 0X} before non-zero hex, a leading 0 in octal
 * @param zero        flag {@code 0}: pad numbers with zeros (not with {@code -} or a precision)
 * @param aggregation flag {@code @}: in printa(), the aggregated value instead of the next key
 * @param width       the minimum width, 0 if none
 * @param precision   digits (integers) or characters (strings), -1 if none
 */
record Conversion(String text, char letter, boolean left, boolean plus, boolean space, boolean alternate,
                  boolean zero, boolean aggregation, int width, int precision) {

    /** Whether the conversion prints an integer (as opposed to a string or stack). */
    boolean isInteger() {
        return "diuxXocp".indexOf(letter) >= 0;
    }

    String integer(long value) {
        if (letter == 'c') {
            return pad(String.valueOf((char) (value & 0xff)), false);
        }
        String sign = "";
        String digits;
        switch (letter) {
            case 'd', 'i' -> {
                digits = Long.toUnsignedString(value < 0 ? -value : value);
                sign = value < 0 ? "-" : plus ? "+" : space ? " " : "";
            }
            case 'u' -> digits = Long.toUnsignedString(value);
            case 'x', 'p' -> digits = Long.toHexString(value);
            case 'X' -> digits = Long.toHexString(value).toUpperCase(Locale.ROOT);
            case 'o' -> digits = Long.toOctalString(value);
            default -> throw new IllegalStateException("'" + text + "' does not print an integer");
        }
        if (precision >= 0) {
            digits = precision == 0 && value == 0 ? "" : "0".repeat(Math.max(0, precision - digits.length())) + digits;
        }
        String prefix = "";
        if (alternate && letter == 'o' && !digits.startsWith("0")) {
            digits = "0" + digits;
        } else if (alternate && value != 0 && (letter == 'x' || letter == 'p')) {
            prefix = "0x";
        } else if (alternate && value != 0 && letter == 'X') {
            prefix = "0X";
        }
        String lead = sign + prefix;
        if (zero && !left && precision < 0) {
            return lead + "0".repeat(Math.max(0, width - lead.length() - digits.length())) + digits;
        }
        return pad(lead + digits, false);
    }

    /** A string: cut to the precision, padded to the width (with spaces even with flag 0, as glibc). */
    String string(String value) {
        String s = precision >= 0 && value.length() > precision ? value.substring(0, precision) : value;
        return pad(s, false);
    }

    /** {@code s} padded with spaces to the width, on the left unless flag {@code -} (or {@code forceLeft}). */
    String pad(String s, boolean forceLeft) {
        int fill = width - s.length();
        if (fill <= 0) {
            return s;
        }
        return left || forceLeft ? s + " ".repeat(fill) : " ".repeat(fill) + s;
    }
}
