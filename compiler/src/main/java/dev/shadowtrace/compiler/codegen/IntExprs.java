package dev.shadowtrace.compiler.codegen;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static dev.shadowtrace.compiler.bpf.Reg.R4;

import dev.shadowtrace.compiler.bpf.AluOp;
import dev.shadowtrace.compiler.bpf.Assembler;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.lang.ast.Binary;
import dev.shadowtrace.lang.ast.BinaryOp;
import dev.shadowtrace.lang.ast.BuiltinRef;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.StackShape;
import dev.shadowtrace.lang.ast.Conditional;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.ExprVisitor;
import dev.shadowtrace.lang.ast.Index;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.MapRef;
import dev.shadowtrace.lang.ast.Member;
import dev.shadowtrace.lang.ast.ProbeArg;
import dev.shadowtrace.lang.ast.Cast;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.ast.Unary;
import dev.shadowtrace.lang.ast.UnaryOp;
import dev.shadowtrace.lang.ast.Variable;
import dev.shadowtrace.lang.check.ConstantFolder;

import java.util.EnumSet;
import java.util.Set;

/**
 * Integer expressions (and the other 8-byte values: stack ids, probefunc's address, probename's
 * id): each pushes its value on the {@link ValueStack}. Arithmetic is 64-bit two's complement;
 * {@code /} and {@code %} are signed (C: truncating, the remainder has the dividend's sign), with
 * BPF's rule for a zero divisor: x / 0 = 0, x % 0 = x; shift counts are taken modulo 64 and
 * {@code >>} is arithmetic.
 */
final class IntExprs implements ExprVisitor<Void> {
    private static final Set<BinaryOp> TRUTH_VALUED = EnumSet.of(BinaryOp.LT, BinaryOp.LE, BinaryOp.GT,
            BinaryOp.GE, BinaryOp.EQ, BinaryOp.NE, BinaryOp.AND, BinaryOp.OR);
    private static final Set<BinaryOp> IMMEDIATE = EnumSet.of(BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL,
            BinaryOp.BIT_AND, BinaryOp.BIT_OR, BinaryOp.BIT_XOR, BinaryOp.SHL, BinaryOp.SHR);

    private final ClauseContext c;
    private final Builtins builtins;

    IntExprs(ClauseContext c) {
        this.c = c;
        this.builtins = new Builtins(c);
    }

    void push(Expr e) {
        e.accept(this);
    }

    /** Replaces the value on top of the stack with {@code top op right}. */
    void apply(BinaryOp op, Expr right) {
        if (right instanceof IntLiteral literal && IMMEDIATE.contains(op) && literal.value() == (int) literal.value()) {
            Slot left = c.values.top();
            Reg l = left.load(c.asm, R1);
            boolean shift = op == BinaryOp.SHL || op == BinaryOp.SHR;
            c.asm.alu64(aluOp(op), l, shift ? (int) (literal.value() & 63) : (int) literal.value());
            left.store(c.asm, l);
            return;
        }
        push(right);
        Reg r = c.values.pop().load(c.asm, R2);
        Slot left = c.values.top();
        Reg l = left.load(c.asm, R1);
        switch (op) {
            case DIV, MOD -> signedDivide(l, r, op == BinaryOp.MOD);
            case SHL, SHR -> c.asm.and64(r, 63).alu64(aluOp(op), l, r);
            default -> c.asm.alu64(aluOp(op), l, r);
        }
        left.store(c.asm, l);
    }

    /** Negates the value on top of the stack. */
    void negateTop() {
        Slot top = c.values.top();
        Reg r = top.load(c.asm, R1);
        c.asm.neg64(r);
        top.store(c.asm, r);
    }

    /** Pushes a constant, moved as a 32-bit immediate if it fits, else loaded with ld_imm64. */
    void pushConstant(long value) {
        Slot s = c.values.push();
        Reg t = s.target(R0);
        if (value == (int) value) {
            c.asm.mov64(t, (int) value);
        } else {
            c.asm.ldImm64(t, value);
        }
        s.store(c.asm, t);
    }

    @Override
    public Void visitIntLiteral(IntLiteral e) {
        pushConstant(e.value());
        return null;
    }

    @Override
    public Void visitStringLiteral(StringLiteral e) {
        throw new IllegalStateException("string literal used as an integer at " + e.pos());
    }

    @Override
    public Void visitBuiltinRef(BuiltinRef e) {
        builtins.push(e);
        return null;
    }

    @Override
    public Void visitProbeArg(ProbeArg e) {
        if (c.tracepointArgs.inTracepoints()) {
            c.tracepointArgs.push(e);
        } else if (c.syscallArgs.inSyscalls(e.pos())) {
            c.syscallArgs.push(e);
        } else {
            c.functionArgs.push(e);
        }
        return null;
    }

    @Override
    public Void visitMember(Member e) {
        c.kernelData.push(e);
        return null;
    }

    @Override
    public Void visitIndex(Index e) {
        c.kernelData.push(e);
        return null;
    }

    @Override
    public Void visitCast(Cast e) {
        push(e.operand());
        return null;
    }

    @Override
    public Void visitVariable(Variable e) {
        c.storage.locate(e).loadInt(c.values.push());
        return null;
    }

    @Override
    public Void visitMapAccess(MapAccess e) {
        Location element = c.storage.locate(e);
        element.loadInt(c.values.push());
        return null;
    }

    @Override
    public Void visitMapRef(MapRef e) {
        throw new IllegalStateException("whole map used as a value at " + e.pos());
    }

    @Override
    public Void visitUnary(Unary e) {
        if (e.op() == UnaryOp.NOT) {
            c.conditions.pushTruth(e);
            return null;
        }
        push(e.operand());
        if (e.op() == UnaryOp.NEG) {
            negateTop();
        } else {
            Slot top = c.values.top();
            Reg r = top.load(c.asm, R1);
            c.asm.xor64(r, -1);
            top.store(c.asm, r);
        }
        return null;
    }

    @Override
    public Void visitBinary(Binary e) {
        if (TRUTH_VALUED.contains(e.op())) {
            c.conditions.pushTruth(e);
        } else {
            push(e.left());
            apply(e.op(), e.right());
        }
        return null;
    }

    @Override
    public Void visitConditional(Conditional e) {
        String otherwise = c.asm.newLabel("cond.else");
        String end = c.asm.newLabel("cond.end");
        c.conditions.branch(e.condition(), false, otherwise);
        push(e.ifTrue());
        c.values.pop(); // both branches leave their value in the same slot
        c.asm.ja(end).label(otherwise);
        push(e.ifFalse());
        c.asm.label(end);
        return null;
    }

    @Override
    public Void visitCall(Call e) {
        switch (e.function()) {
            case STACK -> builtins.stackId(StackShape.of(e));
            case KSYM -> push(e.args().get(0)); // the address; the tracer prints its function's name
            case KADDR, CGROUPID -> pushConstant(c.compileTime.value(e));
            case SIZEOF, TYPE_SIZE, OFFSETOF -> pushConstant(c.kernelData.constant(e));
            case STRNCMP -> c.strings.pushStrncmp(e, ConstantFolder.evaluate(e.args().get(2)).orElseThrow());
            default -> throw new IllegalStateException(e.name() + "() used as an integer at " + e.pos());
        }
        return null;
    }

    /**
     * l = l / r or l % r, signed, through unsigned division of the magnitudes: the quotient is
     * negative if the signs differ, the remainder has the dividend's sign. Branch-free; r3 and r4
     * are clobbered, r is overwritten.
     */
    private void signedDivide(Reg l, Reg r, boolean remainder) {
        Assembler asm = c.asm;
        asm.mov64(R3, l);
        if (!remainder) {
            asm.xor64(R3, r);
        }
        asm.arsh64(R3, 63);
        absolute(l);
        absolute(r);
        asm.alu64(remainder ? AluOp.MOD : AluOp.DIV, l, r);
        asm.xor64(l, R3).sub64(l, R3);
    }

    /** r = |r| as an unsigned value (so |MIN| = 2^63), through r4. */
    private void absolute(Reg r) {
        c.asm.mov64(R4, r).arsh64(R4, 63).xor64(r, R4).sub64(r, R4);
    }

    private static AluOp aluOp(BinaryOp op) {
        return switch (op) {
            case ADD -> AluOp.ADD;
            case SUB -> AluOp.SUB;
            case MUL -> AluOp.MUL;
            case BIT_AND -> AluOp.AND;
            case BIT_OR -> AluOp.OR;
            case BIT_XOR -> AluOp.XOR;
            case SHL -> AluOp.LSH;
            case SHR -> AluOp.ARSH;
            default -> throw new IllegalArgumentException(op + " is not an ALU operation");
        };
    }
}
