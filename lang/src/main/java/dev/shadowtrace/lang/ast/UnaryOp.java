package dev.shadowtrace.lang.ast;

/** Prefix operators. */
public enum UnaryOp {
    /** {@code !x}: 1 if x is 0, else 0. */
    NOT("!"),
    /** {@code ~x}: bitwise complement. */
    BIT_NOT("~"),
    /** {@code -x}: two's complement negation. */
    NEG("-");

    private final String symbol;

    UnaryOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
