package dev.shadowtrace.lang.ast;

import java.util.Optional;

/** Assignment operators. {@code x++} and {@code x--} are parsed as {@code x += 1} and {@code x -= 1}. */
public enum AssignOp {
    ASSIGN("=", null),
    ADD("+=", BinaryOp.ADD),
    SUB("-=", BinaryOp.SUB),
    MUL("*=", BinaryOp.MUL),
    DIV("/=", BinaryOp.DIV),
    MOD("%=", BinaryOp.MOD),
    AND("&=", BinaryOp.BIT_AND),
    OR("|=", BinaryOp.BIT_OR),
    XOR("^=", BinaryOp.BIT_XOR),
    SHL("<<=", BinaryOp.SHL),
    SHR(">>=", BinaryOp.SHR);

    private final String symbol;
    private final BinaryOp binaryOp;

    AssignOp(String symbol, BinaryOp binaryOp) {
        this.symbol = symbol;
        this.binaryOp = binaryOp;
    }

    public String symbol() {
        return symbol;
    }

    /** For compound assignments {@code x op= y}, the operator of {@code x = x op y}. */
    public Optional<BinaryOp> binaryOp() {
        return Optional.ofNullable(binaryOp);
    }
}
