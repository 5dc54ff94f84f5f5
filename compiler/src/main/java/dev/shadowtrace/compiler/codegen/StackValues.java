package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.compiler.bpf.MapType;
import dev.shadowtrace.compiler.layout.Limits;
import dev.shadowtrace.lang.ast.StackShape;

/**
 * The 8-byte value of a kernel stack, shared by the programs that record it and the tracer that prints
 * it: bits 0-31 the id {@code bpf_get_stackid} returned in the shape's stack map, bits 32-39 the
 * shape's frame limit (0: none, the {@link DataPlan#STACKS} map of {@link StackShape#MAX_FRAMES}
 * frames), bits 40-41 its {@link StackShape.Mode}. The plain {@code kstack}/{@code stack()} value is
 * the bare id. A negative value is a stack the kernel did not record ({@code -errno}), untagged.
 *
 * <p>A limited shape has a stack map of its own, {@code stacks_N}, whose values hold N frames: the
 * kernel records at most that many and hashes only those, so stacks that differ only below frame N
 * share an id, as bpftrace's {@code kstack(N)} does.
 */
public final class StackValues {
    private static final String LIMITED_PREFIX = DataPlan.STACKS + "_";

    private StackValues() {
    }

    /** The STACK_TRACE map that records stacks of this shape. */
    public static String mapName(StackShape shape) {
        int limit = shape.normalized().limit();
        return limit == 0 ? DataPlan.STACKS : LIMITED_PREFIX + limit;
    }

    /** Whether {@code name} is one of the stack maps {@link #mapName} gives. */
    public static boolean isStackMap(String name) {
        return name.equals(DataPlan.STACKS) || name.startsWith(LIMITED_PREFIX);
    }

    /** The spec of a stack map named by {@link #mapName}: values of 8 bytes per frame. */
    public static MapSpec spec(String name, Limits limits) {
        int frames = name.equals(DataPlan.STACKS) ? StackShape.MAX_FRAMES
                : Integer.parseInt(name.substring(LIMITED_PREFIX.length()));
        return new MapSpec(name, MapType.STACK_TRACE, 4, 8 * frames, limits.stackEntries(), 0);
    }

    /** The bits ORed into a recorded id: 0 for the default shape. */
    public static long tag(StackShape shape) {
        StackShape s = shape.normalized();
        return ((long) s.mode().ordinal() << 40) | ((long) s.limit() << 32);
    }

    /** The shape of a recorded value (not negative). */
    public static StackShape shape(long value) {
        int mode = (int) (value >>> 40) & 3;
        int limit = (int) (value >>> 32) & 0xff;
        if (mode >= StackShape.Mode.values().length || limit > StackShape.MAX_FRAMES || value >>> 42 != 0) {
            throw new IllegalArgumentException("not a stack value: 0x" + Long.toHexString(value));
        }
        return new StackShape(StackShape.Mode.values()[mode], limit);
    }

    /** The id of a recorded value in its shape's map. */
    public static int id(long value) {
        return (int) value;
    }
}
