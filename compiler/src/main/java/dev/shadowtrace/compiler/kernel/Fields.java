package dev.shadowtrace.compiler.kernel;

import java.util.Arrays;

/**
 * The whitespace-separated fields of one line of a kernel text file ({@code /proc/kallsyms},
 * ftrace's lists, the kprobe blacklist), as {@code line.trim().split("\\s+")} gives them but found
 * without a regex: the tracer reads ~150k such lines at every start, and under an emulated CPU the
 * regex split dominated that start.
 */
final class Fields {
    private final String line;
    private final int[] bounds; // start, end of each field
    private final int count;

    private Fields(String line, int[] bounds, int count) {
        this.line = line;
        this.bounds = bounds;
        this.count = count;
    }

    /** The fields of {@code line}; whitespace is what the regex {@code \s} matches. */
    static Fields of(String line) {
        int[] bounds = new int[8];
        int count = 0;
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && isSpace(line.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int start = i;
            while (i < n && !isSpace(line.charAt(i))) {
                i++;
            }
            if (2 * count + 2 > bounds.length) {
                bounds = Arrays.copyOf(bounds, bounds.length * 2);
            }
            bounds[2 * count] = start;
            bounds[2 * count + 1] = i;
            count++;
        }
        return new Fields(line, bounds, count);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    int count() {
        return count;
    }

    int length(int field) {
        return bounds[2 * field + 1] - bounds[2 * field];
    }

    char charAt(int field, int index) {
        return line.charAt(bounds[2 * field] + index);
    }

    String get(int field) {
        return line.substring(bounds[2 * field], bounds[2 * field + 1]);
    }

    /** The field as an unsigned hexadecimal number; {@link NumberFormatException} if it is not one. */
    long parseHex(int field) {
        return Long.parseUnsignedLong(line, bounds[2 * field], bounds[2 * field + 1], 16);
    }

    String[] all() {
        String[] fields = new String[count];
        for (int f = 0; f < count; f++) {
            fields[f] = get(f);
        }
        return fields;
    }
}
