package dev.shadowtrace.shell.output;

import java.util.ArrayList;
import java.util.List;

/**
 * A printf()/printa() format split into literal text and {@link Conversion}s. The checker has
 * already validated the format (lang {@code FormatString}); this parses the same grammar,
 * {@code %[flags][width][.precision][length]letter} with flags {@code - + space # 0 @} (and
 * {@code %rx}, {@code %rh}: letter {@code r}), and reads {@code %%} as a literal percent sign.
 */
record PrintfFormat(List<Object> pieces) {
    private static final String FLAGS = "-+ #0@";
    private static final String LETTERS = "diuxXocpskr";

    PrintfFormat {
        pieces = List.copyOf(pieces);
    }

    /** The pieces: {@link String} literal text and {@link Conversion}s, in order. */
    @Override
    public List<Object> pieces() {
        return pieces;
    }

    static PrintfFormat parse(String format) {
        List<Object> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 < format.length() && format.charAt(i + 1) == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            if (literal.length() > 0) {
                pieces.add(literal.toString());
                literal.setLength(0);
            }
            int end = conversionEnd(format, i);
            pieces.add(conversion(format.substring(i, end)));
            i = end;
        }
        if (literal.length() > 0) {
            pieces.add(literal.toString());
        }
        return new PrintfFormat(pieces);
    }

    private static int conversionEnd(String format, int start) {
        int i = start + 1;
        while (i < format.length() && LETTERS.indexOf(format.charAt(i)) < 0) {
            i++;
        }
        if (i == format.length()) {
            throw new IllegalArgumentException("incomplete conversion '" + format.substring(start) + "' in \""
                    + format + "\"");
        }
        if (format.charAt(i) == 'r' && i + 1 < format.length() && "xh".indexOf(format.charAt(i + 1)) >= 0) {
            return i + 2; // %rx, %rh
        }
        return i + 1;
    }

    private static Conversion conversion(String text) {
        int i = 1;
        boolean left = false;
        boolean plus = false;
        boolean space = false;
        boolean alternate = false;
        boolean zero = false;
        boolean aggregation = false;
        for (; FLAGS.indexOf(text.charAt(i)) >= 0; i++) {
            switch (text.charAt(i)) {
                case '-' -> left = true;
                case '+' -> plus = true;
                case ' ' -> space = true;
                case '#' -> alternate = true;
                case '0' -> zero = true;
                default -> aggregation = true;
            }
        }
        int width = 0;
        for (; Character.isDigit(text.charAt(i)); i++) {
            width = width * 10 + text.charAt(i) - '0';
        }
        int precision = -1;
        if (text.charAt(i) == '.') {
            precision = 0;
            for (i++; Character.isDigit(text.charAt(i)); i++) {
                precision = precision * 10 + text.charAt(i) - '0';
            }
        }
        char letter = text.charAt(i) == 'r' ? 'r' : text.charAt(text.length() - 1); // %rx, %rh are 'r' too
        return new Conversion(text, letter, left, plus, space, alternate, zero, aggregation, width, precision);
    }
}
