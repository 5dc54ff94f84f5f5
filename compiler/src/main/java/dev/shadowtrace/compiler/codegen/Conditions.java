package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R2;

import dev.shadowtrace.compiler.bpf.JmpOp;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.lang.ast.Binary;
import dev.shadowtrace.lang.ast.BinaryOp;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.ast.Unary;
import dev.shadowtrace.lang.ast.UnaryOp;
import dev.shadowtrace.lang.types.ScalarType;

/**
 * Conditions compiled to jumps: predicates, if, ?:, &&, ||, ! and comparisons. Comparisons are
 * signed; {@code &&} and {@code ||} short-circuit.
 */
final class Conditions {
    private final ClauseContext c;

    Conditions(ClauseContext c) {
        this.c = c;
    }

    /** Jumps to {@code label} if the truth of {@code e} is {@code when}; falls through otherwise. */
    void branch(Expr e, boolean when, String label) {
        if (e instanceof Unary u && u.op() == UnaryOp.NOT) {
            branch(u.operand(), !when, label);
            return;
        }
        if (e instanceof Binary b) {
            switch (b.op()) {
                case AND -> {
                    logical(b, false, when, label);
                    return;
                }
                case OR -> {
                    logical(b, true, when, label);
                    return;
                }
                case EQ, NE, LT, LE, GT, GE -> {
                    if (b.left().type() == ScalarType.STRING) {
                        c.strings.branchEqual(b, when == (b.op() == BinaryOp.EQ), label);
                    } else {
                        compare(b, when, label);
                    }
                    return;
                }
                default -> { }
            }
        }
        c.ints.push(e);
        Reg value = c.values.pop().load(c.asm, R1);
        c.asm.jmp(when ? JmpOp.JNE : JmpOp.JEQ, value, 0, label);
    }

    /** Pushes 1 if {@code e} is true, else 0. */
    void pushTruth(Expr e) {
        String no = c.asm.newLabel("false");
        String done = c.asm.newLabel("truth.end");
        branch(e, false, no);
        Slot s = c.values.push();
        Reg t = s.target(R0);
        c.asm.mov64(t, 1);
        s.store(c.asm, t);
        c.asm.ja(done).label(no).mov64(t, 0);
        s.store(c.asm, t);
        c.asm.label(done);
    }

    /** Jumps to {@code label} if {@code when}, with a real test so that no code becomes unreachable. */
    void constant(boolean truth, boolean when, String label) {
        c.asm.mov64(R1, truth ? 1 : 0).jmp(when ? JmpOp.JNE : JmpOp.JEQ, R1, 0, label);
    }

    /** a && b (isOr false) or a || b (isOr true), short-circuit. */
    private void logical(Binary b, boolean isOr, boolean when, String label) {
        if (when == isOr) {
            branch(b.left(), when, label);
            branch(b.right(), when, label);
        } else {
            String skip = c.asm.newLabel(isOr ? "or.done" : "and.done");
            branch(b.left(), !when, skip);
            branch(b.right(), when, label);
            c.asm.label(skip);
        }
    }

    private void compare(Binary b, boolean when, String label) {
        JmpOp op = when ? jump(b.op()) : jump(negation(b.op()));
        c.ints.push(b.left());
        if (b.right() instanceof IntLiteral literal && literal.value() == (int) literal.value()) {
            Reg l = c.values.pop().load(c.asm, R1);
            c.asm.jmp(op, l, (int) literal.value(), label);
            return;
        }
        c.ints.push(b.right());
        Reg r = c.values.pop().load(c.asm, R2);
        Reg l = c.values.pop().load(c.asm, R1);
        c.asm.jmp(op, l, r, label);
    }

    private static JmpOp jump(BinaryOp op) {
        return switch (op) {
            case EQ -> JmpOp.JEQ;
            case NE -> JmpOp.JNE;
            case LT -> JmpOp.JSLT;
            case LE -> JmpOp.JSLE;
            case GT -> JmpOp.JSGT;
            case GE -> JmpOp.JSGE;
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        };
    }

    private static BinaryOp negation(BinaryOp op) {
        return switch (op) {
            case EQ -> BinaryOp.NE;
            case NE -> BinaryOp.EQ;
            case LT -> BinaryOp.GE;
            case LE -> BinaryOp.GT;
            case GT -> BinaryOp.LE;
            case GE -> BinaryOp.LT;
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        };
    }
}
