package dev.shadowtrace.runtime;

import java.util.OptionalLong;

/**
 * A place in the kernel text as the user writes it: {@code SYMBOL[+OFFSET]},
 * or an address {@code 0xADDR[+OFFSET]}; OFFSET is decimal or 0x-hex.
 * Parsing checks only the syntax; {@link KernelSymbols#resolve} finds the address.
 *
 * @param symbol the symbol name, or null for an absolute address
 * @param base   the absolute address when {@code symbol} is null, else 0
 * @param offset bytes past the symbol or address
 */
public record SymbolRef(String symbol, long base, long offset) {

    public static SymbolRef parse(String text) {
        String s = text.strip();
        int plus = s.indexOf('+');
        String head = plus < 0 ? s : s.substring(0, plus).strip();
        long offset = plus < 0 ? 0 : parseOffset(s.substring(plus + 1).strip(), text);
        if (head.isEmpty()) {
            throw new IllegalArgumentException("missing SYMBOL" + (s.isEmpty() ? "" : " in '" + s + "'")
                    + ": expected SYMBOL[+OFFSET], e.g. vfs_read+0x4");
        }
        if (head.startsWith("0x") || head.startsWith("0X")) {
            long address = parseNumber(head, 16, 2).orElseThrow(() -> new IllegalArgumentException(
                    "'" + head + "' is not a kernel address: expected 0x and up to 16 hex digits"));
            return new SymbolRef(null, address, offset);
        }
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (Character.isWhitespace(c) || c == '=' || c == '[' || c == ']') {
                throw new IllegalArgumentException("'" + head + "' is not a kernel symbol name: it contains '"
                        + c + "'");
            }
        }
        return new SymbolRef(head, 0, offset);
    }

    private static long parseOffset(String s, String text) {
        OptionalLong n = s.startsWith("0x") || s.startsWith("0X") ? parseNumber(s, 16, 2)
                : parseNumber(s, 10, 0);
        return n.orElseThrow(() -> new IllegalArgumentException("offset '" + s + "' in '" + text
                + "' is not a number: write it in decimal (16) or hex (0x10)"));
    }

    /** Parses the unsigned number after {@code skip} characters; empty on bad syntax or overflow. */
    private static OptionalLong parseNumber(String s, int radix, int skip) {
        String digits = s.substring(skip);
        if (digits.isEmpty() || digits.length() > (radix == 16 ? 16 : 19) || digits.charAt(0) == '+'
                || digits.charAt(0) == '-') {
            return OptionalLong.empty();
        }
        try {
            long v = Long.parseUnsignedLong(digits, radix);
            return radix == 10 && v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public String toString() {
        String head = symbol != null ? symbol : ShadowkErrors.hex(base);
        return offset == 0 ? head : head + "+0x" + Long.toHexString(offset);
    }
}
