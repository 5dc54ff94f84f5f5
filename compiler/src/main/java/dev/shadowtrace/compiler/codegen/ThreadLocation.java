package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R10;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static dev.shadowtrace.compiler.bpf.Reg.R4;

import dev.shadowtrace.compiler.bpf.Helper;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.Layout;

/**
 * A {@code self->x} variable: a field of the current thread's entry in the {@code self} hash (key:
 * the thread id). The entry is created from {@code self_zero} on the first store. As in DTrace,
 * storing 0 in an integer releases it: once every field of the entry is zero, the entry is deleted,
 * so threads that left a probed function hold no memory.
 */
final class ThreadLocation implements Location {
    private final ClauseContext c;
    private final Field field;
    private final Layout entry;
    private final int key;

    ThreadLocation(ClauseContext c, Field field, Layout entry, int key) {
        this.c = c;
        this.field = field;
        this.entry = entry;
        this.key = key;
    }

    @Override
    public void loadInt(Slot dst) {
        c.maps.lookup(DataPlan.THREADS, key);
        c.maps.readInt(dst, field.offset());
    }

    @Override
    public void storeInt(Slot value) {
        String zero = c.asm.newLabel("self.zero");
        String done = c.asm.newLabel("self.done");
        c.asm.jeq(value.load(c.asm, R1), 0, zero);
        lookupOrCreate(done);
        c.asm.stx(Size.DW, R0, field.offset(), value.load(c.asm, R1)).ja(done);
        c.asm.label(zero);
        clear(done);
        c.asm.label(done);
    }

    /** Stores 0: clears the field and deletes the entry if nothing else is left in it. */
    void clear() {
        String done = c.asm.newLabel("self.done");
        clear(done);
        c.asm.label(done);
    }

    @Override
    public void addInt(Slot value) {
        Slot sum = c.values.push();
        loadInt(sum);
        Reg total = sum.load(c.asm, R1);
        c.asm.add64(total, value.load(c.asm, R2));
        sum.store(c.asm, total);
        storeInt(sum);
        c.values.pop();
    }

    @Override
    public void loadBytes(int dest, int size) {
        c.maps.readBytes(DataPlan.THREADS, key, field.offset(), dest, size);
    }

    @Override
    public void storeBytes(int src, int size) {
        String done = c.asm.newLabel("self.done");
        lookupOrCreate(done);
        c.maps.copy(R10, src, R0, field.offset(), size);
        c.asm.label(done);
    }

    /** r0 = the thread's entry, created zeroed if missing; jumps to {@code full} if the map is full. */
    private void lookupOrCreate(String full) {
        String found = c.asm.newLabel("self.found");
        c.maps.lookup(DataPlan.THREADS, key);
        c.asm.jne(R0, 0, found);
        int zeroKey = c.maps.zeroKey();
        c.maps.lookup(DataPlan.THREADS_ZERO, zeroKey);
        c.asm.jeq(R0, 0, full);
        c.asm.mov64(R3, R0).ldMapFd(R1, DataPlan.THREADS);
        c.maps.pointer(R2, key);
        c.asm.mov64(R4, MapOps.NOEXIST).call(Helper.MAP_UPDATE_ELEM);
        c.maps.countFailure(DataPlan.DROPS_FAILED_UPDATES, EEXIST, zeroKey); // EEXIST: the thread raced itself (an interrupt)
        c.maps.lookup(DataPlan.THREADS, key);
        c.asm.jeq(R0, 0, full).label(found);
    }

    private static final int EEXIST = 17;

    private void clear(String done) {
        c.maps.lookup(DataPlan.THREADS, key);
        c.asm.jeq(R0, 0, done).st(Size.DW, R0, field.offset(), 0);
        for (int word = 0; word < entry.size(); word += 8) {
            if (word != field.offset()) {
                c.asm.ldx(Size.DW, R1, R0, word).jne(R1, 0, done);
            }
        }
        c.maps.delete(DataPlan.THREADS, key);
    }
}
