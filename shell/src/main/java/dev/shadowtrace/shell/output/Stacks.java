package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.codegen.StackValues;
import dev.shadowtrace.lang.ast.StackShape;
import dev.shadowtrace.runtime.Errno;
import dev.shadowtrace.runtime.aggregate.MapReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The frames of a {@code stack()} value: {@code bpf_get_stackid} recorded the kernel stack in the
 * {@code stacks} map, or a {@code kstack(N)}'s {@code stacks_N} (key: the u32 id, value: up to 127, or
 * N, u64 return addresses, zero after the last) and the program kept the id, tagged with the shape
 * ({@link StackValues}). Each frame is named {@code function+0xoffset}; in {@code kstack(perf)} a tab,
 * the address in hex and a blank come before it (bpftrace's perf mode); in {@code kstack(raw)} the
 * address alone.
 *
 * <p>A user stack ({@code ustack}) is in a {@code ustacks} map whose frames are {@code struct
 * bpf_stack_build_id}s (32 bytes: status, 20-byte build id, file offset or address), named by
 * {@link UserNames}: {@code inner+0x4}; a frame the kernel could only record as an address (status
 * {@code BPF_STACK_BUILD_ID_IP}) prints as that address in hex. In {@code ustack(perf)} the hex before the
 * name is the file offset and the file follows in parentheses, as in {@code perf script}; in
 * {@code ustack(raw)} the offset (or address) alone.
 */
final class Stacks {
    private static final int BUILD_ID_EMPTY = 0;
    private static final int BUILD_ID_VALID = 1;
    private static final int BUILD_ID_SIZE = 20;

    private final MapReader maps;
    private final KernelNames names;
    private final UserNames users;

    Stacks(MapReader maps, KernelNames names) {
        this(maps, names, new UserNames());
    }

    Stacks(MapReader maps, KernelNames names, UserNames users) {
        this.maps = maps;
        this.names = names;
        this.users = users;
    }

    /** Where user frames' files are looked for ({@link UserNames#addFile}). */
    UserNames users() {
        return users;
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
        if (shape.user()) {
            return userFrames(pcs, shape.mode());
        }
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

    private List<String> userFrames(ByteBuffer frames, StackShape.Mode mode) {
        List<String> lines = new ArrayList<>();
        byte[] id = new byte[BUILD_ID_SIZE];
        while (frames.remaining() >= StackValues.BUILD_ID_FRAME) {
            int status = frames.getInt();
            frames.get(id);
            long offsetOrIp = frames.getLong();
            if (status == BUILD_ID_EMPTY) {
                break;
            }
            String hex = Long.toHexString(offsetOrIp);
            if (status != BUILD_ID_VALID) {
                lines.add(mode == StackShape.Mode.PERF ? "\t" + hex + " [unknown]" : mode == StackShape.Mode.RAW ? hex
                        : "0x" + hex);
                continue;
            }
            String buildId = HexFormat.of().formatHex(id);
            lines.add(switch (mode) {
                case DEFAULT -> users.frame(buildId, offsetOrIp);
                case PERF -> "\t" + hex + " " + users.frame(buildId, offsetOrIp)
                        + users.file(buildId).map(f -> " (" + f + ")").orElse("");
                case RAW -> hex;
            });
        }
        return lines;
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
