package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.compiler.bpf.Assembler;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;

/**
 * One entry of the {@link ValueStack}: a callee-saved register (r7-r9, which survive helper calls),
 * or, deeper down, an 8-byte stack slot.
 *
 * @param register the register, or null for a spill slot
 * @param offset   the spill slot's offset from r10
 */
record Slot(Reg register, int offset) {

    /** The register to compute the value in: the slot's own, or {@code scratch} if spilled. */
    Reg target(Reg scratch) {
        return register != null ? register : scratch;
    }

    /** Puts a value computed in {@code from} into the slot (a move, a spill, or nothing). */
    void store(Assembler asm, Reg from) {
        if (register == null) {
            asm.stx(Size.DW, Reg.R10, offset, from);
        } else if (from != register) {
            asm.mov64(register, from);
        }
    }

    /** A register holding the slot's value: the slot's own, or {@code scratch} loaded from the spill slot. */
    Reg load(Assembler asm, Reg scratch) {
        if (register != null) {
            return register;
        }
        asm.ldx(Size.DW, scratch, Reg.R10, offset);
        return scratch;
    }
}
