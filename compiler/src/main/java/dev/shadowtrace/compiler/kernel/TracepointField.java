package dev.shadowtrace.compiler.kernel;

/**
 * One field of a tracepoint's record, as its {@code format} file describes it:
 * {@code field:char prev_comm[16];	offset:8;	size:16;	signed:0;}.
 *
 * @param name   e.g. {@code prev_comm}
 * @param type   the C type as written, without the array part: {@code char}, {@code __data_loc char[]}
 * @param offset its byte offset in the record (the program's context)
 * @param size   its size in bytes
 * @param signed whether an integer field is signed
 * @param kind   how a program reads it
 */
public record TracepointField(String name, String type, int offset, int size, boolean signed, Kind kind) {

    /** How a field is read. */
    public enum Kind {
        /** An integer or pointer of 1, 2, 4 or 8 bytes, read straight from the record. */
        INTEGER,
        /** A fixed {@code char} array such as {@code comm[16]}: a string in the record itself. */
        CHAR_ARRAY,
        /**
         * {@code __data_loc char[]}: a u32 whose low 16 bits are the string's offset from the start
         * of the record (its high 16 bits the length).
         */
        DATA_LOC_STRING,
        /** {@code __rel_loc char[]}: as {@link #DATA_LOC_STRING}, the offset counted from the field's end. */
        REL_LOC_STRING,
        /** Anything else (arrays of integers, dynamic arrays of other types): not readable yet. */
        OTHER
    }

    /** Whether a program reads it as a string ({@code str(args->NAME)}). */
    public boolean isString() {
        return kind == Kind.CHAR_ARRAY || kind == Kind.DATA_LOC_STRING || kind == Kind.REL_LOC_STRING;
    }

    /** {@code char prev_comm[16]} and such, for messages and -lv. */
    public String declaration() {
        return type + " " + name;
    }
}
