package dev.shadowtrace.shell.output;

/**
 * The JSON primitives of {@code --json} output, written as bpftrace writes them: strings escaped
 * ({@code " \ \n \r \t}, other control characters as {@code \}{@code u00XX}), integers as numbers
 * unless a double cannot hold them exactly, in which case they are strings (RFC 8259 leaves
 * larger integers to the parser's mercy).
 */
final class JsonText {
    private JsonText() {}

    static String string(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String number(long n) {
        double d = n;
        boolean exact = d >= -0x1p63 && d < 0x1p63 && (long) d == n;
        return exact ? Long.toString(n) : string(Long.toString(n));
    }
}
