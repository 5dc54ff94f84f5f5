package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R10;
import static dev.shadowtrace.compiler.bpf.Reg.R2;

import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;

/** A {@code this->x} or {@code $x} variable: a slot of the stack frame. */
final class ClauseLocalLocation implements Location {
    private final ClauseContext c;
    private final int offset;

    ClauseLocalLocation(ClauseContext c, int offset) {
        this.c = c;
        this.offset = offset;
    }

    /** The variable's offset from r10, so string values can be materialized in place. */
    int offset() {
        return offset;
    }

    @Override
    public void loadInt(Slot dst) {
        Reg t = dst.target(R1);
        c.asm.ldx(Size.DW, t, R10, offset);
        dst.store(c.asm, t);
    }

    @Override
    public void storeInt(Slot value) {
        c.asm.stx(Size.DW, R10, offset, value.load(c.asm, R1));
    }

    @Override
    public void addInt(Slot value) {
        Reg v = value.load(c.asm, R2);
        c.asm.ldx(Size.DW, R1, R10, offset).add64(R1, v).stx(Size.DW, R10, offset, R1);
    }

    @Override
    public void loadBytes(int dest, int size) {
        c.maps.copy(R10, offset, R10, dest, size);
    }

    @Override
    public void storeBytes(int src, int size) {
        c.maps.copy(R10, src, R10, offset, size);
    }
}
