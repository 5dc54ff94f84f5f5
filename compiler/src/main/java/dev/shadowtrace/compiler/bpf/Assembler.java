package dev.shadowtrace.compiler.bpf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an eBPF {@link Program} instruction by instruction with symbolic jump labels and
 * symbolic map references:
 *
 * <pre>{@code
 * Assembler asm = new Assembler();
 * asm.mov64(R6, R1)
 *    .stx(Size.DW, R10, -8, R7)
 *    .ldMapFd(R1, "counts")
 *    .mov64(R2, R10).add64(R2, -8)
 *    .call(Helper.MAP_LOOKUP_ELEM)
 *    .jeq(R0, 0, "miss")
 *    ...
 *    .label("miss")
 *    .mov64(R0, 0)
 *    .exit();
 * Program p = asm.assemble();
 * }</pre>
 *
 * <p>Labels may be used before they are defined; {@link #assemble()} turns every label into the
 * slot offset {@code target - (jump + 1)}. The assembler only guarantees encodable instructions;
 * whether the program makes sense is {@link ProgramChecker}'s job.
 */
public final class Assembler {
    private record PendingJump(int index, String label) {}

    private final List<Insn> insns = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<PendingJump> jumps = new ArrayList<>();
    private final List<MapRef> mapRefs = new ArrayList<>();
    private boolean boundedLoops;
    private int freshLabelCount;

    /** Declares that the program contains bounded loops, so backward jumps are intended. */
    public Assembler allowBoundedLoops() {
        boundedLoops = true;
        return this;
    }

    /** The slot index the next instruction will get. */
    public int position() {
        return insns.size();
    }

    /** Defines {@code name} as the index of the next instruction. */
    public Assembler label(String name) {
        Integer previous = labels.putIfAbsent(name, insns.size());
        if (previous != null) {
            throw new IllegalArgumentException(
                    "label '" + name + "' defined twice (insn " + previous + " and " + insns.size() + ")");
        }
        return this;
    }

    /**
     * Returns a label name not returned before by this assembler, for code emitted by helpers that
     * must not clash with the caller's labels. Generated names contain '#'; do not use '#' in your
     * own labels.
     */
    public String newLabel(String hint) {
        return hint + "#" + ++freshLabelCount;
    }

    // ---- ALU, 64-bit -------------------------------------------------------------------------

    public Assembler alu64(AluOp op, Reg dst, Reg src) {
        return alu(Opcode.ALU64, op, dst, src);
    }

    public Assembler alu64(AluOp op, Reg dst, int imm) {
        return alu(Opcode.ALU64, op, dst, imm);
    }

    public Assembler mov64(Reg dst, Reg src) {
        return alu64(AluOp.MOV, dst, src);
    }

    public Assembler mov64(Reg dst, int imm) {
        return alu64(AluOp.MOV, dst, imm);
    }

    public Assembler add64(Reg dst, Reg src) {
        return alu64(AluOp.ADD, dst, src);
    }

    public Assembler add64(Reg dst, int imm) {
        return alu64(AluOp.ADD, dst, imm);
    }

    public Assembler sub64(Reg dst, Reg src) {
        return alu64(AluOp.SUB, dst, src);
    }

    public Assembler sub64(Reg dst, int imm) {
        return alu64(AluOp.SUB, dst, imm);
    }

    public Assembler mul64(Reg dst, Reg src) {
        return alu64(AluOp.MUL, dst, src);
    }

    public Assembler mul64(Reg dst, int imm) {
        return alu64(AluOp.MUL, dst, imm);
    }

    /** Unsigned division; the kernel defines x / 0 = 0. */
    public Assembler div64(Reg dst, Reg src) {
        return alu64(AluOp.DIV, dst, src);
    }

    public Assembler div64(Reg dst, int imm) {
        return alu64(AluOp.DIV, dst, imm);
    }

    /** Unsigned modulo; the kernel defines x % 0 = x. */
    public Assembler mod64(Reg dst, Reg src) {
        return alu64(AluOp.MOD, dst, src);
    }

    public Assembler mod64(Reg dst, int imm) {
        return alu64(AluOp.MOD, dst, imm);
    }

    public Assembler or64(Reg dst, Reg src) {
        return alu64(AluOp.OR, dst, src);
    }

    public Assembler or64(Reg dst, int imm) {
        return alu64(AluOp.OR, dst, imm);
    }

    public Assembler and64(Reg dst, Reg src) {
        return alu64(AluOp.AND, dst, src);
    }

    public Assembler and64(Reg dst, int imm) {
        return alu64(AluOp.AND, dst, imm);
    }

    public Assembler xor64(Reg dst, Reg src) {
        return alu64(AluOp.XOR, dst, src);
    }

    public Assembler xor64(Reg dst, int imm) {
        return alu64(AluOp.XOR, dst, imm);
    }

    public Assembler lsh64(Reg dst, Reg src) {
        return alu64(AluOp.LSH, dst, src);
    }

    public Assembler lsh64(Reg dst, int imm) {
        return alu64(AluOp.LSH, dst, imm);
    }

    /** Logical (unsigned) shift right. */
    public Assembler rsh64(Reg dst, Reg src) {
        return alu64(AluOp.RSH, dst, src);
    }

    public Assembler rsh64(Reg dst, int imm) {
        return alu64(AluOp.RSH, dst, imm);
    }

    /** Arithmetic (sign-extending) shift right. */
    public Assembler arsh64(Reg dst, Reg src) {
        return alu64(AluOp.ARSH, dst, src);
    }

    public Assembler arsh64(Reg dst, int imm) {
        return alu64(AluOp.ARSH, dst, imm);
    }

    /** {@code dst = -dst}. */
    public Assembler neg64(Reg dst) {
        return emit(Opcode.ALU64 | Opcode.K | AluOp.NEG.code(), dst.number(), 0, 0, 0);
    }

    // ---- ALU, 32-bit (results are zero-extended to 64 bits) -----------------------------------

    public Assembler alu32(AluOp op, Reg dst, Reg src) {
        return alu(Opcode.ALU, op, dst, src);
    }

    public Assembler alu32(AluOp op, Reg dst, int imm) {
        return alu(Opcode.ALU, op, dst, imm);
    }

    public Assembler neg32(Reg dst) {
        return emit(Opcode.ALU | Opcode.K | AluOp.NEG.code(), dst.number(), 0, 0, 0);
    }

    /** Converts the low {@code bits} (16, 32 or 64) of dst from host order to big-endian. */
    public Assembler toBigEndian(Reg dst, int bits) {
        return endian(Opcode.TO_BE, dst, bits);
    }

    /** Converts the low {@code bits} (16, 32 or 64) of dst from host order to little-endian. */
    public Assembler toLittleEndian(Reg dst, int bits) {
        return endian(Opcode.TO_LE, dst, bits);
    }

    // ---- 64-bit immediates and map references --------------------------------------------------

    /** {@code dst = imm}, the 16-byte ld_imm64. */
    public Assembler ldImm64(Reg dst, long imm) {
        emit(Opcode.LD_IMM64, dst.number(), 0, 0, (int) imm);
        insns.add(Insn.ldImm64HighHalf((int) (imm >>> 32)));
        return this;
    }

    /**
     * {@code dst = &map}: an ld_imm64 with {@code src_reg = BPF_PSEUDO_MAP_FD} whose imm the loader
     * sets to the fd of the map called {@code mapName}.
     */
    public Assembler ldMapFd(Reg dst, String mapName) {
        mapRefs.add(new MapRef(insns.size(), mapName));
        emit(Opcode.LD_IMM64, dst.number(), Opcode.PSEUDO_MAP_FD, 0, 0);
        insns.add(Insn.ldImm64HighHalf(0));
        return this;
    }

    // ---- memory ------------------------------------------------------------------------------

    /** {@code dst = *(size *)(src + off)}. */
    public Assembler ldx(Size size, Reg dst, Reg src, int off) {
        return emit(Opcode.LDX | Opcode.MEM | size.code(), dst.number(), src.number(), off, 0);
    }

    /** {@code *(size *)(dst + off) = src}. */
    public Assembler stx(Size size, Reg dst, int off, Reg src) {
        return emit(Opcode.STX | Opcode.MEM | size.code(), dst.number(), src.number(), off, 0);
    }

    /** {@code *(size *)(dst + off) = imm}. */
    public Assembler st(Size size, Reg dst, int off, int imm) {
        return emit(Opcode.ST | Opcode.MEM | size.code(), dst.number(), 0, off, imm);
    }

    /** {@code lock *(size *)(dst + off) += src}, size {@link Size#W} or {@link Size#DW}. */
    public Assembler atomicAdd(Size size, Reg dst, int off, Reg src) {
        if (size != Size.W && size != Size.DW) {
            throw new IllegalArgumentException("atomic add exists only for W and DW, not " + size);
        }
        return emit(
                Opcode.STX | Opcode.ATOMIC | size.code(), dst.number(), src.number(), off, AluOp.ADD.code());
    }

    // ---- jumps, calls, exit ------------------------------------------------------------------

    /** Unconditional jump. */
    public Assembler ja(String label) {
        return jumpTo(label, Opcode.JMP | Opcode.JA, 0, 0, 0);
    }

    public Assembler jmp(JmpOp op, Reg dst, int imm, String label) {
        return jumpTo(label, Opcode.JMP | Opcode.K | op.code(), dst.number(), 0, imm);
    }

    public Assembler jmp(JmpOp op, Reg dst, Reg src, String label) {
        return jumpTo(label, Opcode.JMP | Opcode.X | op.code(), dst.number(), src.number(), 0);
    }

    /** Conditional jump comparing the low 32 bits only. */
    public Assembler jmp32(JmpOp op, Reg dst, int imm, String label) {
        return jumpTo(label, Opcode.JMP32 | Opcode.K | op.code(), dst.number(), 0, imm);
    }

    public Assembler jmp32(JmpOp op, Reg dst, Reg src, String label) {
        return jumpTo(label, Opcode.JMP32 | Opcode.X | op.code(), dst.number(), src.number(), 0);
    }

    public Assembler jeq(Reg dst, int imm, String label) {
        return jmp(JmpOp.JEQ, dst, imm, label);
    }

    public Assembler jeq(Reg dst, Reg src, String label) {
        return jmp(JmpOp.JEQ, dst, src, label);
    }

    public Assembler jne(Reg dst, int imm, String label) {
        return jmp(JmpOp.JNE, dst, imm, label);
    }

    public Assembler jne(Reg dst, Reg src, String label) {
        return jmp(JmpOp.JNE, dst, src, label);
    }

    /** Unsigned {@code >}. */
    public Assembler jgt(Reg dst, int imm, String label) {
        return jmp(JmpOp.JGT, dst, imm, label);
    }

    public Assembler jgt(Reg dst, Reg src, String label) {
        return jmp(JmpOp.JGT, dst, src, label);
    }

    /** Unsigned {@code >=}. */
    public Assembler jge(Reg dst, int imm, String label) {
        return jmp(JmpOp.JGE, dst, imm, label);
    }

    public Assembler jge(Reg dst, Reg src, String label) {
        return jmp(JmpOp.JGE, dst, src, label);
    }

    /** Unsigned {@code <}. */
    public Assembler jlt(Reg dst, int imm, String label) {
        return jmp(JmpOp.JLT, dst, imm, label);
    }

    public Assembler jlt(Reg dst, Reg src, String label) {
        return jmp(JmpOp.JLT, dst, src, label);
    }

    /** Unsigned {@code <=}. */
    public Assembler jle(Reg dst, int imm, String label) {
        return jmp(JmpOp.JLE, dst, imm, label);
    }

    public Assembler jle(Reg dst, Reg src, String label) {
        return jmp(JmpOp.JLE, dst, src, label);
    }

    public Assembler jsgt(Reg dst, int imm, String label) {
        return jmp(JmpOp.JSGT, dst, imm, label);
    }

    public Assembler jsgt(Reg dst, Reg src, String label) {
        return jmp(JmpOp.JSGT, dst, src, label);
    }

    public Assembler jsge(Reg dst, int imm, String label) {
        return jmp(JmpOp.JSGE, dst, imm, label);
    }

    public Assembler jsge(Reg dst, Reg src, String label) {
        return jmp(JmpOp.JSGE, dst, src, label);
    }

    public Assembler jslt(Reg dst, int imm, String label) {
        return jmp(JmpOp.JSLT, dst, imm, label);
    }

    public Assembler jslt(Reg dst, Reg src, String label) {
        return jmp(JmpOp.JSLT, dst, src, label);
    }

    public Assembler jsle(Reg dst, int imm, String label) {
        return jmp(JmpOp.JSLE, dst, imm, label);
    }

    public Assembler jsle(Reg dst, Reg src, String label) {
        return jmp(JmpOp.JSLE, dst, src, label);
    }

    /** Jumps if {@code dst & imm} is non-zero. */
    public Assembler jset(Reg dst, int imm, String label) {
        return jmp(JmpOp.JSET, dst, imm, label);
    }

    public Assembler jset(Reg dst, Reg src, String label) {
        return jmp(JmpOp.JSET, dst, src, label);
    }

    /** Calls a kernel helper: arguments in R1-R5, result in R0, R1-R5 clobbered. */
    public Assembler call(Helper helper) {
        return emit(Opcode.JMP | Opcode.CALL, 0, 0, 0, helper.id());
    }

    /** Returns R0 to the kernel. */
    public Assembler exit() {
        return emit(Opcode.JMP | Opcode.EXIT, 0, 0, 0, 0);
    }

    // ---- result ------------------------------------------------------------------------------

    /**
     * Resolves every label and returns the program. The assembler is left unchanged.
     *
     * @throws IllegalStateException if a label is undefined or a jump is farther than 16 bits
     */
    public Program assemble() {
        List<Insn> resolved = new ArrayList<>(insns);
        for (PendingJump jump : jumps) {
            Integer target = labels.get(jump.label());
            if (target == null) {
                throw new IllegalStateException(
                        "undefined label '" + jump.label() + "' (jumped to from insn " + jump.index() + ")");
            }
            int off = target - (jump.index() + 1);
            if (off != (short) off) {
                throw new IllegalStateException(
                        "jump from insn " + jump.index() + " to '" + jump.label() + "' is out of 16-bit range");
            }
            Insn j = insns.get(jump.index());
            resolved.set(jump.index(), new Insn(j.code(), j.dst(), j.src(), (short) off, j.imm()));
        }
        return new Program(resolved, mapRefs, boundedLoops);
    }

    // ---- encoding ----------------------------------------------------------------------------

    private Assembler alu(int cls, AluOp op, Reg dst, Reg src) {
        requirePlainAlu(op);
        return emit(cls | Opcode.X | op.code(), dst.number(), src.number(), 0, 0);
    }

    private Assembler alu(int cls, AluOp op, Reg dst, int imm) {
        requirePlainAlu(op);
        return emit(cls | Opcode.K | op.code(), dst.number(), 0, 0, imm);
    }

    private static void requirePlainAlu(AluOp op) {
        if (op == AluOp.NEG || op == AluOp.END) {
            throw new IllegalArgumentException(
                    op + " has no source operand: use neg64/neg32/toBigEndian/toLittleEndian");
        }
    }

    private Assembler endian(int order, Reg dst, int bits) {
        if (bits != 16 && bits != 32 && bits != 64) {
            throw new IllegalArgumentException("byte swap width must be 16, 32 or 64, not " + bits);
        }
        return emit(Opcode.ALU | order | AluOp.END.code(), dst.number(), 0, 0, bits);
    }

    private Assembler jumpTo(String label, int code, int dst, int src, int imm) {
        jumps.add(new PendingJump(insns.size(), label));
        return emit(code, dst, src, 0, imm);
    }

    private Assembler emit(int code, int dst, int src, int off, int imm) {
        if (off != (short) off) {
            throw new IllegalArgumentException("offset " + off + " does not fit in 16 bits");
        }
        insns.add(new Insn(code, dst, src, (short) off, imm));
        return this;
    }
}
