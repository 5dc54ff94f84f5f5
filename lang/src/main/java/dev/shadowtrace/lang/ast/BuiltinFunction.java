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
    /** {@code print(@map)} / {@code print(@map, n)}: print a map or aggregation (its top n entries). */
    PRINT(1, 2, true, "print"),
    /** {@code clear(@map)}, alias {@code zero}: reset the values of a map or aggregation, keeping its keys. */
    CLEAR(1, 1, true, "clear", "zero"),
    /**
     * {@code delete(@m[k1, k2])} or bpftrace's {@code delete(@m, k)}: remove one element; the builder
     * rewrites the second form to the first, so a checked call has one {@link MapAccess} argument.
     */
    DELETE(1, Integer.MAX_VALUE, true, "delete"),
    /** {@code trunc(@agg)} / {@code trunc(@agg, n)}: remove all / all but the top n entries. */
    TRUNC(1, 2, true, "trunc"),
    /** {@code trace(x)}: print one value. */
    TRACE(1, 1, false, "trace"),
    /**
     * {@code stack()}: the current kernel stack, as a {@code stack} value; DTrace's {@code stack(n)} and
     * bpftrace's {@code kstack(mode, n)} too, built with two literal arguments, and the user stack
     * ({@code ustack(mode, n)}, DTrace's {@code ustack(n)}) with a third ({@link StackShape}).
     */
    STACK(0, 3, false, "stack"),
    /** {@code exit()} / {@code exit(status)}: stop tracing (END clauses then run). */
    EXIT(0, 1, false, "exit"),
    /**
     * {@code str(ptr)}, alias {@code stringof(ptr)}: copy a NUL-terminated string, from user memory
     * when {@code ptr} is a syscall's pointer argument, else from kernel memory; of a buffer value
     * ({@code stringof(copyin(p, n))}), its bytes up to the first NUL.
     */
    STR(1, 1, false, "str", "stringof"),
    /** {@code copyinstr(ptr)}: copy a NUL-terminated string from the traced process's user memory. */
    COPYINSTR(1, 1, false, "copyinstr"),
    /**
     * {@code buf(ptr, n)} (bpftrace): a buffer value of the first n bytes at ptr, at most
     * {@link dev.shadowtrace.lang.types.ScalarType#BUFFER_SIZE}, from user memory when ptr is a syscall's
     * pointer argument (or in uprobes), else from kernel memory; {@code buf(array)} copies a kernel array
     * member whole (its size from BTF).
     */
    BUF(1, 2, false, "buf"),
    /**
     * {@code tracemem(addr, n)}, {@code tracemem(addr, n, size)} (DTrace): print a hex dump of n bytes (an integer
     * constant, at most {@link dev.shadowtrace.lang.types.ScalarType#BUFFER_SIZE}) at addr, read as {@code buf()}
     * reads, or of a buffer value; with size, of only the first size bytes when size is not negative.
     */
    TRACEMEM(2, 3, false, "tracemem"),
    /** {@code copyin(addr, n)} (DTrace): a buffer value of the first n bytes at addr in the traced process's user memory. */
    COPYIN(2, 2, false, "copyin"),
    /** {@code strncmp(s1, s2, n)}: 0 if the first n bytes of the two strings are equal, else 1 (bpftrace). */
    STRNCMP(3, 3, false, "strncmp"),
    /** {@code ksym(addr)}: the kernel function holding an address, printed as its name (a map key or printf argument). */
    KSYM(1, 1, false, "ksym"),
    /**
     * {@code usym(addr)}: the user function holding an address of the current process, printed as its
     * name (a map key or printf argument); the tracer names it from the process's maps and ELF symbols.
     */
    USYM(1, 1, false, "usym"),
    /** {@code kaddr("symbol")}: the address of a kernel symbol, resolved when the script is compiled. */
    KADDR(1, 1, false, "kaddr"),
    /** {@code cgroupid("/sys/fs/cgroup/...")}: the id of a cgroup v2 directory, resolved when the script is compiled. */
    CGROUPID(1, 1, false, "cgroupid"),
    /** {@code sizeof(expr)}: the size in bytes of an expression's type (BTF for kernel data), a compile-time constant. */
    SIZEOF(1, 1, false, "sizeof"),
    /**
     * {@code sizeof(struct NAME)}, {@code sizeof(struct NAME *)}: the size of a kernel type from BTF. Built with
     * the type's spelling as a string literal argument; after {@link #SIZEOF}, so the name finds that.
     */
    TYPE_SIZE(1, 1, false, "sizeof"),
    /**
     * {@code offsetof(struct NAME, member)} ({@code member.inner} too): a member's byte offset from BTF.
     * Built with the type's spelling and the member path as string literal arguments.
     */
    OFFSETOF(2, 2, false, "offsetof");

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
