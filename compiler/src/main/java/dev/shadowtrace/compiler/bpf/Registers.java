package dev.shadowtrace.compiler.bpf;

import java.util.EnumSet;
import java.util.Set;

/** Argument checks for code emitters that take registers from their caller. */
final class Registers {
    private Registers() {}

    /** Each register must be distinct and writable (not R10). */
    static void requireDistinct(Reg... regs) {
        Set<Reg> seen = EnumSet.noneOf(Reg.class);
        for (Reg r : regs) {
            if (r == Reg.R10) {
                throw new IllegalArgumentException("r10 is the read-only frame pointer");
            }
            if (!seen.add(r)) {
                throw new IllegalArgumentException("register " + r + " passed twice");
            }
        }
    }
}
