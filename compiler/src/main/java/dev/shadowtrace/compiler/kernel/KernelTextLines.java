package dev.shadowtrace.compiler.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a kernel text file ({@code /proc/kallsyms}, ftrace's lists, the kprobe blacklist),
 * one at a time, each split into whitespace-separated fields as {@code line.trim().split("\\s+")}
 * would split it. Read as bytes, in place: the tracer reads ~150k such lines at every start, often
 * under an emulated CPU with no JIT warm-up, where decoding every line to a String and splitting it
 * was most of the start; here only the fields asked for with {@link #get} become Strings. The
 * files are ASCII (kernel symbol and module names); another byte reads as its Latin-1 character.
 */
final class KernelTextLines {
    private final InputStream in;
    private byte[] buffer = new byte[64 * 1024];
    private int next; // the start of the next line in buffer
    private int limit; // the end of the bytes read into buffer
    private boolean eof;
    private int[] bounds = new int[16]; // start, end of each field of the current line, in buffer
    private int count;

    KernelTextLines(InputStream in) {
        this.in = in;
    }

    /** Moves to the next line; false at the end of the file. */
    boolean next() throws IOException {
        while (true) {
            int end = split(next);
            if (end >= 0) {
                next = end + 1;
                return true;
            }
            if (eof) {
                if (next == limit) {
                    return false;
                }
                next = limit; // a last line without a newline
                return true;
            }
            fill();
        }
    }

    /** Keeps the unread bytes, moved to the start of the buffer (grown if they fill it), and reads more. */
    private void fill() throws IOException {
        if (next > 0) {
            System.arraycopy(buffer, next, buffer, 0, limit - next);
            limit -= next;
            next = 0;
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /**
     * Finds the fields of the line at {@code from}, in one pass over its bytes; returns the index of
     * its newline, or -1 if the bytes read end first.
     */
    private int split(int from) {
        count = 0;
        int i = from;
        while (i < limit) {
            byte c = buffer[i];
            if (c == '\n') {
                return i;
            }
            if (isSpace(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < limit && !isSpace(buffer[i])) {
                i++;
            }
            if (2 * count + 2 > bounds.length) {
                bounds = Arrays.copyOf(bounds, bounds.length * 2);
            }
            bounds[2 * count] = start;
            bounds[2 * count + 1] = i;
            count++;
        }
        return -1;
    }

    /** Whitespace as the regex {@code \s} matches it. */
    private static boolean isSpace(byte c) {
        return c <= ' ' && (c == ' ' || c >= '\t' && c <= '\r'); // \t \n \u000B \f \r; most bytes pass the first test
    }

    /** The number of fields of the current line. */
    int count() {
        return count;
    }

    int length(int field) {
        return bounds[2 * field + 1] - bounds[2 * field];
    }

    char charAt(int field, int index) {
        return (char) (buffer[bounds[2 * field] + index] & 0xff);
    }

    boolean startsWith(int field, String prefix) {
        if (length(field) < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (charAt(field, i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The index of {@code c} in the field, or -1. */
    int indexOf(int field, char c) {
        for (int i = 0; i < length(field); i++) {
            if (charAt(field, i) == c) {
                return i;
            }
        }
        return -1;
    }

    String get(int field) {
        return new String(buffer, bounds[2 * field], length(field), StandardCharsets.ISO_8859_1);
    }

    /** The field as an unsigned hexadecimal number; {@link NumberFormatException} if it is not one. */
    long parseHex(int field) {
        return parseHex(field, 0, length(field));
    }

    /**
     * The characters {@code from} (inclusive) to {@code to} (exclusive) of the field as an unsigned
     * hexadecimal number; {@link NumberFormatException} if they are not one.
     */
    long parseHex(int field, int from, int to) {
        if (from >= to) {
            throw new NumberFormatException("no hexadecimal digits in field " + field + " of '" + line() + "'");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = hexDigit(charAt(field, i));
            if (digit < 0 || (value >>> 60) != 0) {
                throw new NumberFormatException("not a 64-bit hexadecimal number: field " + field + " of '"
                        + line() + "'");
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char lower = (char) (c | 0x20);
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /** Every field of the current line. */
    String[] all() {
        String[] fields = new String[count];
        for (int f = 0; f < count; f++) {
            fields[f] = get(f);
        }
        return fields;
    }

    private String line() {
        return String.join(" ", all());
    }
}
