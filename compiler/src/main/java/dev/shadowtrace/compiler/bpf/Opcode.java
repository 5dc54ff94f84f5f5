package dev.shadowtrace.compiler.bpf;

/**
 * Opcode bits of the 8-bit {@code code} field, as defined in {@code include/uapi/linux/bpf.h}
 * and {@code bpf_common.h} (Linux 6.1). The low three bits are the instruction class; for
 * ALU/JMP classes bit 3 is the source (K = immediate, X = register) and the high four bits the
 * operation; for load/store classes bits 3-4 are the size and the high three bits the mode.
 */
public final class Opcode {
    private Opcode() {}

    // Instruction classes (code & 0x07).
    public static final int LD = 0x00;
    public static final int LDX = 0x01;
    public static final int ST = 0x02;
    public static final int STX = 0x03;
    public static final int ALU = 0x04;
    public static final int JMP = 0x05;
    public static final int JMP32 = 0x06;
    public static final int ALU64 = 0x07;

    // Source operand (code & 0x08) for ALU and JMP classes.
    public static final int K = 0x00;
    public static final int X = 0x08;

    // Load/store modes (code & 0xe0).
    public static final int IMM = 0x00;
    public static final int MEM = 0x60;
    public static final int ATOMIC = 0xc0;

    // Jump-class operations that are not conditional jumps (code & 0xf0).
    public static final int JA = 0x00;
    public static final int CALL = 0x80;
    public static final int EXIT = 0x90;

    // BPF_END source bit: byte order to convert to.
    public static final int TO_LE = 0x00;
    public static final int TO_BE = 0x08;

    /** {@code src_reg} of an ld_imm64 whose immediate is a map file descriptor. */
    public static final int PSEUDO_MAP_FD = 1;

    /** {@code BPF_LD | BPF_IMM | BPF_DW}: the first half of the 16-byte ld_imm64. */
    public static final int LD_IMM64 = LD | IMM | Size.DW.code();

    public static int cls(int code) {
        return code & 0x07;
    }

    public static int source(int code) {
        return code & 0x08;
    }

    public static int op(int code) {
        return code & 0xf0;
    }

    public static int mode(int code) {
        return code & 0xe0;
    }

    public static int sizeBits(int code) {
        return code & 0x18;
    }

    public static boolean isJump(int code) {
        return cls(code) == JMP || cls(code) == JMP32;
    }
}
