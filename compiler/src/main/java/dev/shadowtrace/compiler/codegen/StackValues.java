package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.compiler.bpf.MapType;
import dev.shadowtrace.compiler.layout.Limits;
import dev.shadowtrace.lang.ast.StackShape;

/**
 * The 8-byte value of a stack, shared by the programs that record it and the tracer that prints it:
 * bits 0-31 the id {@code bpf_get_stackid} returned in the shape's stack map, bits 32-39 the shape's
 * frame limit (0: none, the {@link DataPlan#STACKS} map of {@link StackShape#MAX_FRAMES} frames), bits
 * 40-41 its {@link StackShape.Mode}, bit 42 set for a user stack. The plain {@code kstack}/{@code
 * stack()} value is the bare id. A negative value is a stack the kernel did not record
 * ({@code -errno}), untagged.
 *
 * <p>A limited shape has a stack map of its own, {@code stacks_N}, whose values hold N frames: the
 * kernel records at most that many and hashes only those, so stacks that differ only below frame N
 * share an id, as bpftrace's {@code kstack(N)} does.
 *
 * <p>User stacks ({@code ustack}) go to maps of their own, {@code ustacks} and {@code ustacks_N},
 * created with {@code BPF_F_STACK_BUILD_ID}: the kernel stores each frame as a {@code struct
 * bpf_stack_build_id} (32 bytes: status, the 20-byte build id of the ELF file mapped there, the
 * offset in that file; or the bare address when it cannot tell), so the frames can be named after the
 * process has exited, and the same code of two processes is one stack.
 */
public final class StackValues {
    private static final String LIMITED_PREFIX = DataPlan.STACKS + "_";
    private static final String USER_STACKS = "u" + DataPlan.STACKS;
    private static final String USER_LIMITED_PREFIX = USER_STACKS + "_";

    /** {@code BPF_F_STACK_BUILD_ID}: the map's frames are build ids and file offsets. */
    public static final int STACK_BUILD_ID = 1 << 5;
    /** {@code sizeof(struct bpf_stack_build_id)}: one frame of a user stack map. */
    public static final int BUILD_ID_FRAME = 32;
    private static final long USER_BIT = 1L << 42;

    private StackValues() {
    }

    /** The STACK_TRACE map that records stacks of this shape. */
    public static String mapName(StackShape shape) {
        int limit = shape.normalized().limit();
        if (shape.user()) {
            return limit == 0 ? USER_STACKS : USER_LIMITED_PREFIX + limit;
        }
        return limit == 0 ? DataPlan.STACKS : LIMITED_PREFIX + limit;
    }

    /** Whether {@code name} is one of the stack maps {@link #mapName} gives. */
    public static boolean isStackMap(String name) {
        return name.equals(DataPlan.STACKS) || name.startsWith(LIMITED_PREFIX) || name.equals(USER_STACKS)
                || name.startsWith(USER_LIMITED_PREFIX);
    }

    /**
     * The spec of a stack map named by {@link #mapName}: values of 8 bytes per frame (return addresses),
     * or of {@link #BUILD_ID_FRAME} bytes for user stacks.
     */
    public static MapSpec spec(String name, Limits limits) {
        boolean user = name.startsWith(USER_STACKS);
        String limited = user ? USER_LIMITED_PREFIX : LIMITED_PREFIX;
        int frames = name.equals(DataPlan.STACKS) || name.equals(USER_STACKS) ? StackShape.MAX_FRAMES
                : Integer.parseInt(name.substring(limited.length()));
        return new MapSpec(name, MapType.STACK_TRACE, 4, (user ? BUILD_ID_FRAME : 8) * frames,
                limits.stackEntries(), user ? STACK_BUILD_ID : 0);
    }

    /** The bits ORed into a recorded id: 0 for the default shape. */
    public static long tag(StackShape shape) {
        StackShape s = shape.normalized();
        return ((long) s.mode().ordinal() << 40) | ((long) s.limit() << 32) | (s.user() ? USER_BIT : 0);
    }

    /** The shape of a recorded value (not negative). */
    public static StackShape shape(long value) {
        int mode = (int) (value >>> 40) & 3;
        int limit = (int) (value >>> 32) & 0xff;
        if (mode >= StackShape.Mode.values().length || limit > StackShape.MAX_FRAMES || value >>> 43 != 0) {
            throw new IllegalArgumentException("not a stack value: 0x" + Long.toHexString(value));
        }
        return new StackShape(StackShape.Mode.values()[mode], limit, (value & USER_BIT) != 0);
    }

    /** The id of a recorded value in its shape's map. */
    public static int id(long value) {
        return (int) value;
    }
}
