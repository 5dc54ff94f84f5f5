package dev.shadowtrace.compiler.bpf;

/**
 * One 8-byte eBPF instruction slot, the Java image of the kernel's {@code struct bpf_insn}:
 *
 * <pre>
 * byte 0     code     opcode
 * byte 1     regs     dst_reg in the low nibble, src_reg in the high nibble
 * bytes 2-3  off      signed 16-bit offset, little-endian
 * bytes 4-7  imm      signed 32-bit immediate, little-endian
 * </pre>
 *
 * <p>The 16-byte {@code ld_imm64} occupies two slots: the first carries the opcode {@link
 * Opcode#LD_IMM64} and the low 32 bits of the constant, the second has all fields zero except imm,
 * which holds the high 32 bits. Instruction indices (jump offsets, relocations, disassembly) count
 * slots, as the kernel does.
 *
 * @param code the opcode byte
 * @param dst destination register number (0-15 fit the nibble; only 0-10 are valid registers)
 * @param src source register number, or a pseudo source such as {@link Opcode#PSEUDO_MAP_FD}
 * @param off signed 16-bit offset
 * @param imm signed 32-bit immediate
 */
public record Insn(int code, int dst, int src, short off, int imm) {
    public static final int BYTES = 8;

    public Insn {
        if (code < 0 || code > 0xff) {
            throw new IllegalArgumentException("opcode out of range: " + code);
        }
        if (dst < 0 || dst > 0xf || src < 0 || src > 0xf) {
            throw new IllegalArgumentException("register field out of range: dst=" + dst + " src=" + src);
        }
    }

    /** The slot that completes an ld_imm64: only imm, the high half of the constant, is set. */
    public static Insn ldImm64HighHalf(int highImm) {
        return new Insn(0, 0, 0, (short) 0, highImm);
    }

    /** True for the first slot of a 16-byte ld_imm64. */
    public boolean isLdImm64() {
        return code == Opcode.LD_IMM64;
    }

    /** True for an ld_imm64 whose constant is a map file descriptor, patched at load time. */
    public boolean isMapLoad() {
        return isLdImm64() && src == Opcode.PSEUDO_MAP_FD;
    }

    /** Writes the eight bytes of {@code struct bpf_insn} at {@code offset}, little-endian. */
    public void writeTo(byte[] out, int offset) {
        out[offset] = (byte) code;
        out[offset + 1] = (byte) ((src << 4) | dst);
        out[offset + 2] = (byte) off;
        out[offset + 3] = (byte) (off >> 8);
        out[offset + 4] = (byte) imm;
        out[offset + 5] = (byte) (imm >> 8);
        out[offset + 6] = (byte) (imm >> 16);
        out[offset + 7] = (byte) (imm >> 24);
    }

    /** The eight bytes of this slot. */
    public byte[] bytes() {
        byte[] out = new byte[BYTES];
        writeTo(out, 0);
        return out;
    }

    /** Reads one slot written by {@link #writeTo}. */
    public static Insn readFrom(byte[] in, int offset) {
        int regs = in[offset + 1] & 0xff;
        short off = (short) ((in[offset + 2] & 0xff) | (in[offset + 3] & 0xff) << 8);
        int imm =
                (in[offset + 4] & 0xff)
                        | (in[offset + 5] & 0xff) << 8
                        | (in[offset + 6] & 0xff) << 16
                        | (in[offset + 7] & 0xff) << 24;
        return new Insn(in[offset] & 0xff, regs & 0xf, regs >>> 4, off, imm);
    }
}
