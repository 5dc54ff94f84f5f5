package dev.shadowtrace.compiler.bpf;

/** Memory access sizes of load/store instructions ({@code BPF_W}, {@code BPF_H}, ...). */
public enum Size {
    W(0x00, 4, "u32"),
    H(0x08, 2, "u16"),
    B(0x10, 1, "u8"),
    DW(0x18, 8, "u64");

    private final int code;
    private final int bytes;
    private final String cType;

    Size(int code, int bytes, String cType) {
        this.code = code;
        this.bytes = bytes;
        this.cType = cType;
    }

    /** The size bits of the opcode. */
    public int code() {
        return code;
    }

    public int bytes() {
        return bytes;
    }

    /** The C type the kernel disassembler prints, e.g. {@code u64}. */
    public String cType() {
        return cType;
    }

    public static Size fromCode(int opcode) {
        int bits = Opcode.sizeBits(opcode);
        for (Size s : values()) {
            if (s.code == bits) {
                return s;
            }
        }
        throw new AssertionError("two bits always decode to a size");
    }
}
