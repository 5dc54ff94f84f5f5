package dev.shadowtrace.compiler.bpf;

/** Conditional jump operations; {@code JA}, {@code CALL} and {@code EXIT} are in {@link Opcode}. */
public enum JmpOp {
    JEQ(0x10, "=="),
    JGT(0x20, ">"),
    JGE(0x30, ">="),
    JSET(0x40, "&"),
    JNE(0x50, "!="),
    JSGT(0x60, "s>"),
    JSGE(0x70, "s>="),
    JLT(0xa0, "<"),
    JLE(0xb0, "<="),
    JSLT(0xc0, "s<"),
    JSLE(0xd0, "s<=");

    private final int code;
    private final String symbol;

    JmpOp(int code, String symbol) {
        this.code = code;
        this.symbol = symbol;
    }

    public int code() {
        return code;
    }

    /** The comparison the kernel disassembler prints ({@code bpf_jmp_string}). */
    public String symbol() {
        return symbol;
    }

    /** Returns the conditional jump for an opcode's high four bits, or null if it is not one. */
    public static JmpOp fromCode(int opcode) {
        int op = Opcode.op(opcode);
        for (JmpOp j : values()) {
            if (j.code == op) {
                return j;
            }
        }
        return null;
    }
}
