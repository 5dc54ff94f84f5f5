package dev.shadowtrace.runtime.aggregate;

/**
 * A script value as the tracer sees it, decoded from a map, a global or an event record. The
 * kernel stores {@code probefunc} and {@code probename} as numbers (an address, an index into the
 * probe names) that only the tracer turns into names, so they stay numbers here until printed.
 */
public sealed interface Value permits Value.Int, Value.Str, Value.Stack, Value.Symbol, Value.ProbeName {

    /** A 64-bit signed integer. */
    public record Int(long value) implements Value {}

    /** A string, without its NUL and padding. */
    public record Str(String value) implements Value {}

    /** A kernel stack value: an id in a stack map, with its shape (compiler StackValues); negative: not recorded ({@code -errno}). */
    public record Stack(long id) implements Value {}

    /** A kernel text address ({@code probefunc}), printed as the function holding it; 0 is no function. */
    public record Symbol(long address) implements Value {}

    /** An index into the probe names ({@code probename}). */
    public record ProbeName(long id) implements Value {}

    Int ZERO = new Int(0);
}
