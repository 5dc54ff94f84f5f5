package dev.shadowtrace.lang;

import dev.shadowtrace.lang.diag.Diagnostics;
import dev.shadowtrace.lang.diag.SourcePos;

import java.math.BigInteger;
import java.util.Map;

/** Decodes integer and string literal tokens, reporting malformed ones. */
final class Literals {

    private static final BigInteger MAX_UNSIGNED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private static final Map<Character, Character> ESCAPES = Map.of(
            'n', '\n', 't', '\t', 'r', '\r', '0', '\0', '\\', '\\', '"', '"', '\'', '\'');

    private final Diagnostics diagnostics;

    Literals(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * The value of a decimal or 0x hexadecimal literal, as a 64-bit pattern: values from 2^63 to
     * 2^64-1 wrap to negative numbers, as in C.
     */
    long integer(String text, SourcePos pos) {
        boolean hex = text.startsWith("0x") || text.startsWith("0X");
        if (!hex && text.length() > 1 && text.startsWith("0")) {
            diagnostics.error(pos, "integer literals cannot start with 0: octal is not supported",
                    "write the number in decimal or as 0x hexadecimal");
            return 0;
        }
        BigInteger value = hex ? new BigInteger(text.substring(2), 16) : new BigInteger(text);
        if (value.compareTo(MAX_UNSIGNED) > 0) {
            diagnostics.error(pos, "integer literal " + text + " does not fit in 64 bits");
            return 0;
        }
        return value.longValue();
    }

    /** The value of a string literal token (with its quotes), escapes decoded. */
    String string(String token, SourcePos pos) {
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < token.length() - 1; i++) {
            char c = token.charAt(i);
            if (c != '\\') {
                value.append(c);
                continue;
            }
            char escaped = token.charAt(++i);
            Character decoded = ESCAPES.get(escaped);
            if (decoded == null) {
                diagnostics.error(pos.plusColumns(i - 1), "unknown escape sequence '\\" + escaped + "'",
                        "the escapes are \\n \\t \\r \\0 \\\\ \\\" and \\'");
            } else {
                value.append(decoded.charValue());
            }
        }
        return value.toString();
    }
}
