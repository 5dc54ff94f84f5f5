package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.ast.Binary;
import dev.shadowtrace.lang.ast.BinaryOp;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.ast.Unary;

import java.util.Optional;

/** Evaluates integer constant expressions such as {@code -10} or {@code 64 * 1024} (lquantize bounds, trunc counts). */
public final class ConstantFolder {

    private ConstantFolder() {
    }

    /** The value of {@code e} if it is made of integer literals and operators only (and divides by no zero). */
    public static Optional<Long> evaluate(Expr e) {
        if (e instanceof IntLiteral literal) {
            return Optional.of(literal.value());
        }
        if (e instanceof Unary unary) {
            return evaluate(unary.operand()).map(v -> switch (unary.op()) {
                case NEG -> -v;
                case BIT_NOT -> ~v;
                case NOT -> v == 0 ? 1L : 0L;
            });
        }
        if (e instanceof Binary binary) {
            Optional<Long> left = evaluate(binary.left());
            Optional<Long> right = evaluate(binary.right());
            if (left.isEmpty() || right.isEmpty()) {
                return Optional.empty();
            }
            return apply(binary, left.get(), right.get());
        }
        return Optional.empty();
    }

    private static Optional<Long> apply(Binary binary, long l, long r) {
        if ((binary.op() == BinaryOp.DIV || binary.op() == BinaryOp.MOD) && r == 0) {
            return Optional.empty();
        }
        return Optional.of(switch (binary.op()) {
            case MUL -> l * r;
            case DIV -> l / r;
            case MOD -> l % r;
            case ADD -> l + r;
            case SUB -> l - r;
            case SHL -> l << r;
            case SHR -> l >> r;
            case LT -> bool(l < r);
            case LE -> bool(l <= r);
            case GT -> bool(l > r);
            case GE -> bool(l >= r);
            case EQ -> bool(l == r);
            case NE -> bool(l != r);
            case BIT_AND -> l & r;
            case BIT_XOR -> l ^ r;
            case BIT_OR -> l | r;
            case AND -> bool(l != 0 && r != 0);
            case OR -> bool(l != 0 || r != 0);
        });
    }

    private static long bool(boolean b) {
        return b ? 1 : 0;
    }
}
