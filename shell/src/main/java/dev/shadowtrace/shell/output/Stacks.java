package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.codegen.DataPlan;
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
 * {@code stacks} map (key: the u32 id, value: up to 127 u64 return addresses, zero after the last)
 * and the program kept only the id. Each frame is named {@code function+0xoffset}.
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
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) id).array();
        Optional<byte[]> value = id <= 0xffffffffL ? maps.lookup(DataPlan.STACKS, key) : Optional.empty();
        if (value.isEmpty()) {
            return List.of("<stack " + id + " is not in the stacks map>");
        }
        ByteBuffer pcs = ByteBuffer.wrap(value.get()).order(ByteOrder.LITTLE_ENDIAN);
        List<String> frames = new ArrayList<>();
        while (pcs.remaining() >= 8) {
            long pc = pcs.getLong();
            if (pc == 0) {
                break;
            }
            frames.add(names.frame(pc));
        }
        return frames;
    }
}
