package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R10;

import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.compiler.layout.MapDescriptor;

/**
 * An element of a plain map ({@code @m[k] = v}): the value under the element's key in the map's
 * HASH, shared by all CPUs. {@code +=} and {@code -=} on an existing element are atomic.
 */
final class MapElementLocation implements Location {
    private final ClauseContext c;
    private final MapDescriptor map;
    private final int key;

    /** @param key the offset from r10 of the element's key, built by {@link MapKeys} */
    MapElementLocation(ClauseContext c, MapDescriptor map, int key) {
        this.c = c;
        this.map = map;
        this.key = key;
    }

    @Override
    public void loadInt(Slot dst) {
        c.maps.lookup(name(), key);
        c.maps.readInt(dst, 0);
    }

    @Override
    public void storeInt(Slot value) {
        int buffer = c.frame.alloc(8);
        c.asm.stx(Size.DW, R10, buffer, value.load(c.asm, R1));
        c.maps.update(name(), key, buffer, MapOps.ANY);
    }

    @Override
    public void addInt(Slot value) {
        String insert = c.asm.newLabel("elem.new");
        String done = c.asm.newLabel("elem.done");
        c.maps.lookup(name(), key);
        c.asm.jeq(R0, 0, insert).atomicAdd(Size.DW, R0, 0, value.load(c.asm, R1)).ja(done).label(insert);
        storeInt(value);
        c.asm.label(done);
    }

    @Override
    public void loadBytes(int dest, int size) {
        c.maps.readBytes(name(), key, 0, dest, size);
    }

    @Override
    public void storeBytes(int src, int size) {
        c.maps.update(name(), key, src, MapOps.ANY);
    }

    private String name() {
        return map.spec().name();
    }
}
