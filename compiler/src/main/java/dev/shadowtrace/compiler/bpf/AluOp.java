package dev.shadowtrace.compiler.bpf;

/** ALU operations (the high four opcode bits of ALU/ALU64 instructions). */
public enum AluOp {
    ADD(0x00, "+="),
    SUB(0x10, "-="),
    MUL(0x20, "*="),
    DIV(0x30, "/="),
    OR(0x40, "|="),
    AND(0x50, "&="),
    LSH(0x60, "<<="),
    RSH(0x70, ">>="),
    NEG(0x80, "neg"),
    MOD(0x90, "%="),
    XOR(0xa0, "^="),
    MOV(0xb0, "="),
    ARSH(0xc0, "s>>="),
    END(0xd0, "endian");

    private final int code;
    private final String symbol;

    AluOp(int code, String symbol) {
        this.code = code;
        this.symbol = symbol;
    }

    public int code() {
        return code;
    }

    /** The operator the kernel disassembler prints ({@code bpf_alu_string}). */
    public String symbol() {
        return symbol;
    }

    public boolean isShift() {
        return this == LSH || this == RSH || this == ARSH;
    }

    /** Returns the operation for an opcode's high four bits, or null if none (0xe0, 0xf0). */
    public static AluOp fromCode(int opcode) {
        int op = Opcode.op(opcode);
        for (AluOp a : values()) {
            if (a.code == op) {
                return a;
            }
        }
        return null;
    }
}
