package dev.shadowtrace.lang.types;

/** The non-composite types. {@link #toString()} is the name used in error messages. */
public enum ScalarType implements Type {
    /** A 64-bit two's complement signed integer; all integers in the language have this type. */
    INT("int"),
    /** A NUL-terminated string stored in a fixed {@link #STRING_SIZE}-byte buffer. */
    STRING("string"),
    /**
     * Raw bytes copied from memory by {@code buf()} or {@code copyin()}: a length and at most
     * {@link #BUFFER_SIZE} bytes, printed with {@code %r} (non-printable bytes as {@code \xNN}).
     */
    BUFFER("buffer"),
    /** A kernel stack id as returned by {@code stack()}, printed as the symbolized stack. */
    STACK("stack"),
    /** The result of an action that produces no value, such as {@code printf()} or {@code exit()}. */
    VOID("void"),
    /** Not (yet) known: every expression of an unchecked {@code Script}, never in a checked one. */
    UNRESOLVED("<unresolved>");

    /** Size in bytes of a string value, including the terminating NUL. */
    public static final int STRING_SIZE = 64;

    /** The most bytes a buffer value holds ({@code buf()} and {@code copyin()} copy at most this many). */
    public static final int BUFFER_SIZE = 64;

    private final String display;

    ScalarType(String display) {
        this.display = display;
    }

    @Override
    public String toString() {
        return display;
    }
}
