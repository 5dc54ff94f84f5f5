package dev.shadowtrace.lang.ast;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The built-in functions and actions other than the aggregating functions
 * ({@link dev.shadowtrace.lang.types.AggregationKind}). Argument rules are enforced by the checker
 * and listed in lang/README.md.
 */
public enum BuiltinFunction {
    /** {@code printf("fmt", args...)}: formatted output, format checked against the argument types. */
    PRINTF(1, Integer.MAX_VALUE, false, "printf"),
    /** {@code printa(@agg)} or {@code printa("fmt", @agg)}: print an aggregation. */
    PRINTA(1, 2, true, "printa"),
    /** {@code print(@map)}: print a map or aggregation. */
    PRINT(1, 1, true, "print"),
    /** {@code clear(@map)}: reset the values of a map or aggregation, keeping its keys. */
    CLEAR(1, 1, true, "clear"),
    /** {@code trunc(@agg)} / {@code trunc(@agg, n)}: remove all / all but the top n entries. */
    TRUNC(1, 2, true, "trunc"),
    /** {@code trace(x)}: print one value. */
    TRACE(1, 1, false, "trace"),
    /** {@code stack()}: the current kernel stack, as a {@code stack} value. */
    STACK(0, 0, false, "stack"),
    /** {@code exit()} / {@code exit(status)}: stop tracing (END clauses then run). */
    EXIT(0, 1, false, "exit"),
    /**
     * {@code str(ptr)}, alias {@code stringof(ptr)}: copy a NUL-terminated string, from user memory
     * when {@code ptr} is a syscall's pointer argument, else from kernel memory.
     */
    STR(1, 1, false, "str", "stringof"),
    /** {@code copyinstr(ptr)}: copy a NUL-terminated string from the traced process's user memory. */
    COPYINSTR(1, 1, false, "copyinstr");

    private final int minArgs;
    private final int maxArgs;
    private final boolean takesMap;
    private final List<String> names;

    BuiltinFunction(int minArgs, int maxArgs, boolean takesMap, String... names) {
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.takesMap = takesMap;
        this.names = List.of(names);
    }

    public int minArgs() {
        return minArgs;
    }

    /** The largest argument count, {@link Integer#MAX_VALUE} for {@code printf}. */
    public int maxArgs() {
        return maxArgs;
    }

    /** Whether a bare {@code @name} argument denotes the whole map ({@link MapRef}). */
    public boolean takesMap() {
        return takesMap;
    }

    public String canonicalName() {
        return names.get(0);
    }

    public List<String> names() {
        return names;
    }

    public static Optional<BuiltinFunction> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.names.contains(name)).findFirst();
    }
}
