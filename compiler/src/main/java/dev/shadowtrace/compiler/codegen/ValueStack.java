package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.compiler.bpf.Assembler;
import dev.shadowtrace.compiler.bpf.Reg;

import java.util.List;

/**
 * Where integer expressions leave their values: a stack whose top three entries live in r7, r8 and
 * r9 (callee-saved, so values survive the helper calls of later operands) and deeper entries in
 * stack spill slots. An expression pushes exactly one value; its consumer pops it.
 */
final class ValueStack {
    private static final List<Reg> REGISTERS = List.of(Reg.R7, Reg.R8, Reg.R9);

    private final Assembler asm;
    private final StackFrame frame;
    private int depth;

    ValueStack(Assembler asm, StackFrame frame) {
        this.asm = asm;
        this.frame = frame;
    }

    Slot push() {
        return slot(depth++);
    }

    /** Pushes the value in {@code from}. */
    void pushFrom(Reg from) {
        push().store(asm, from);
    }

    /** Removes the top entry and returns it; it stays readable until the next push. */
    Slot pop() {
        if (depth == 0) {
            throw new IllegalStateException("value stack underflow");
        }
        return slot(--depth);
    }

    Slot top() {
        return slot(depth - 1);
    }

    boolean isEmpty() {
        return depth == 0;
    }

    private Slot slot(int index) {
        return index < REGISTERS.size()
                ? new Slot(REGISTERS.get(index), 0)
                : new Slot(null, frame.spillSlot(index - REGISTERS.size()));
    }
}
