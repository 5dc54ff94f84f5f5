package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.codegen.StackValues;
import dev.shadowtrace.lang.ast.StackShape;
import dev.shadowtrace.runtime.Errno;
import dev.shadowtrace.runtime.aggregate.MapReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The frames of a {@code stack()} value: {@code bpf_get_stackid} recorded the kernel stack in the
 * {@code stacks} map, or a {@code kstack(N)}'s {@code stacks_N} (key: the u32 id, value: up to 127, or
 * N, u64 return addresses, zero after the last) and the program kept the id, tagged with the shape
 * ({@link StackValues}). Each frame is named {@code function+0xoffset}; in {@code kstack(perf)} a tab,
 * the address in hex and a blank come before it (bpftrace's perf mode); in {@code kstack(raw)} the
 * address alone.
 */
final class Stacks {
    private final MapReader maps;
    private final KernelNames names;

    Stacks(MapReader maps, KernelNames names) {
        this.maps = maps;
        this.names = names;
    }

    /**
     * The named frames, innermost first. A stack that could not be recorded (a negative id) or
     * that is no longer in the map gives one line saying so, so output never silently loses it.
     */
    List<String> frames(long id) throws IOException {
        if (id < 0) {
            return List.of("<stack not recorded: " + Errno.name((int) -id) + ">");
        }
        StackShape shape;
        try {
            shape = StackValues.shape(id);
        } catch (IllegalArgumentException e) {
            return List.of("<" + e.getMessage() + ">");
        }
        String map = StackValues.mapName(shape);
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(StackValues.id(id)).array();
        Optional<byte[]> value = maps.lookup(map, key);
        if (value.isEmpty()) {
            return List.of("<stack " + Integer.toUnsignedString(StackValues.id(id)) + " is not in the " + map
                    + " map>");
        }
        ByteBuffer pcs = ByteBuffer.wrap(value.get()).order(ByteOrder.LITTLE_ENDIAN);
        List<String> frames = new ArrayList<>();
        while (pcs.remaining() >= 8) {
            long pc = pcs.getLong();
            if (pc == 0) {
                break;
            }
            frames.add(switch (shape.mode()) {
                case DEFAULT -> names.frame(pc);
                case PERF -> "\t" + Long.toHexString(pc) + " " + names.frame(pc);
                case RAW -> Long.toHexString(pc);
            });
        }
        return frames;
    }

    /**
     * Whether the frames of a stack value are indented in DTrace's layout: not those of
     * {@code kstack(perf)} and {@code kstack(raw)}, which print as bpftrace prints them.
     */
    static boolean indented(long id) {
        try {
            return id < 0 || StackValues.shape(id).mode() == StackShape.Mode.DEFAULT;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
