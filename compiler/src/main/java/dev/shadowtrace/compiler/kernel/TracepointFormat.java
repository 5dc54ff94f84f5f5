package dev.shadowtrace.compiler.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tracepoint's record layout, parsed from its tracefs {@code events/CATEGORY/NAME/format} file: the
 * event's id (the perf config of {@code PERF_TYPE_TRACEPOINT}) and its fields, the common ones
 * ({@code common_pid}, ...) included. The record is the context of a {@code BPF_PROG_TYPE_TRACEPOINT}
 * program.
 *
 * @param category e.g. {@code sched}
 * @param name     e.g. {@code sched_switch}
 * @param id       the event's id ({@code ID:} line)
 * @param fields   in record order
 */
public record TracepointFormat(String category, String name, int id, List<TracepointField> fields) {

    private static final Pattern ID = Pattern.compile("(?m)^ID:\\s*(\\d+)\\s*$");
    /** {@code field:TYPE NAME[N];	offset:O;	size:S;	signed:B;} (the array part and signed: optional). */
    private static final Pattern FIELD = Pattern.compile("\\s*field:(.*?)\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(\\[[^]]*])?"
            + "\\s*;\\s*offset:(\\d+);\\s*size:(\\d+);(?:\\s*signed:(\\d+);)?.*");

    public TracepointFormat {
        fields = List.copyOf(fields);
    }

    /** {@code sched:sched_switch}. */
    public String fullName() {
        return category + ":" + name;
    }

    public Optional<TracepointField> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /**
     * Parses the text of a format file.
     *
     * @throws IllegalArgumentException if it has no {@code ID:} line
     */
    public static TracepointFormat parse(String category, String name, String text) {
        Matcher id = ID.matcher(text);
        if (!id.find()) {
            throw new IllegalArgumentException("the format of tracepoint " + category + ":" + name + " has no ID line");
        }
        List<TracepointField> fields = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = FIELD.matcher(line);
            if (m.matches()) {
                String type = m.group(1).strip();
                int size = Integer.parseInt(m.group(5));
                boolean signed = m.group(6) != null && m.group(6).equals("1");
                fields.add(new TracepointField(m.group(2), m.group(3) == null ? type : type + m.group(3),
                        Integer.parseInt(m.group(4)), size, signed, kind(type, m.group(3) != null, size)));
            }
        }
        return new TracepointFormat(category, name, Integer.parseInt(id.group(1)), fields);
    }

    private static TracepointField.Kind kind(String type, boolean array, int size) {
        boolean chars = type.endsWith("char[]");
        if (type.startsWith("__data_loc")) {
            return chars ? TracepointField.Kind.DATA_LOC_STRING : TracepointField.Kind.OTHER;
        }
        if (type.startsWith("__rel_loc")) {
            return chars ? TracepointField.Kind.REL_LOC_STRING : TracepointField.Kind.OTHER;
        }
        if (array) {
            return type.equals("char") || type.equals("unsigned char") || type.equals("const char")
                    ? TracepointField.Kind.CHAR_ARRAY : TracepointField.Kind.OTHER;
        }
        return size == 1 || size == 2 || size == 4 || size == 8 ? TracepointField.Kind.INTEGER
                : TracepointField.Kind.OTHER;
    }
}
