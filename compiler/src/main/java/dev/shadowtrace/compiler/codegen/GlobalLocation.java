package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R10;

import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.compiler.layout.Field;

/**
 * A global variable: a field of the one value of the {@code globals} array, shared by all CPUs;
 * {@code +=} and {@code -=} are atomic, other updates are not.
 */
final class GlobalLocation implements Location {
    private final ClauseContext c;
    private final Field field;

    GlobalLocation(ClauseContext c, Field field) {
        this.c = c;
        this.field = field;
    }

    @Override
    public void loadInt(Slot dst) {
        lookup();
        c.maps.readInt(dst, field.offset());
    }

    @Override
    public void storeInt(Slot value) {
        String done = lookupOrSkip();
        c.asm.stx(Size.DW, R0, field.offset(), value.load(c.asm, R1)).label(done);
    }

    @Override
    public void addInt(Slot value) {
        String done = lookupOrSkip();
        c.asm.atomicAdd(Size.DW, R0, field.offset(), value.load(c.asm, R1)).label(done);
    }

    @Override
    public void loadBytes(int dest, int size) {
        c.maps.readBytes(DataPlan.GLOBALS, c.maps.zeroKey(), field.offset(), dest, size);
    }

    @Override
    public void storeBytes(int src, int size) {
        String done = lookupOrSkip();
        c.maps.copy(R10, src, R0, field.offset(), size);
        c.asm.label(done);
    }

    private void lookup() {
        c.maps.lookup(DataPlan.GLOBALS, c.maps.zeroKey());
    }

    /** Looks the value up (r0) and jumps to the returned label if it is missing (it never is). */
    private String lookupOrSkip() {
        lookup();
        String done = c.asm.newLabel("global.done");
        c.asm.jeq(R0, 0, done);
        return done;
    }
}
