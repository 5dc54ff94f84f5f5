package dev.shadowtrace.lang.ast;

/** Binary operators, with C semantics on 64-bit signed integers. */
public enum BinaryOp {
    MUL("*"), DIV("/"), MOD("%"),
    ADD("+"), SUB("-"),
    SHL("<<"), SHR(">>"),
    LT("<"), LE("<="), GT(">"), GE(">="),
    EQ("=="), NE("!="),
    BIT_AND("&"), BIT_XOR("^"), BIT_OR("|"),
    /** Short-circuit logical and: 1 or 0. */
    AND("&&"),
    /** Short-circuit logical or: 1 or 0. */
    OR("||");

    private final String symbol;

    BinaryOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** {@code == !=}: defined on ints, strings and stacks. */
    public boolean isEquality() {
        return this == EQ || this == NE;
    }
}
