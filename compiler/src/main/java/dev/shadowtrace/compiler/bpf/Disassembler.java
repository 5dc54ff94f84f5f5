package dev.shadowtrace.compiler.bpf;

/**
 * Prints programs the way the kernel verifier log and {@code bpftool prog dump xlated} do ({@code
 * kernel/bpf/disasm.c}), one line per instruction:
 *
 * <pre>
 *    0: (bf) r6 = r1
 *    1: (18) r1 = map[counts]
 *    3: (85) call bpf_map_lookup_elem#1
 *    4: (15) if r0 == 0x0 goto pc+3
 * </pre>
 *
 * <p>The number is the slot index (an ld_imm64 takes two), the hex byte the opcode. Map loads show
 * the symbolic map name where bpftool would show {@code map[id:N]}.
 */
public final class Disassembler {
    private Disassembler() {}

    /** The whole program, one line per instruction, each ending in a newline. */
    public static String dump(Program program) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < program.length(); i += program.insn(i).isLdImm64() ? 2 : 1) {
            out.append(String.format("%4d: %s\n", i, line(program, i)));
        }
        return out.toString();
    }

    /** One instruction without the index, e.g. {@code (bf) r1 = r6}. */
    public static String line(Program program, int index) {
        Insn in = program.insn(index);
        String text;
        if (in.isLdImm64()) {
            text = ldImm64(program, index);
        } else {
            text = switch (Opcode.cls(in.code())) {
                case Opcode.ALU, Opcode.ALU64 -> alu(in);
                case Opcode.LDX -> String.format(
                        "r%d = *(%s *)(r%d %+d)", in.dst(), Size.fromCode(in.code()).cType(), in.src(),
                        in.off());
                case Opcode.ST -> String.format(
                        "*(%s *)(r%d %+d) = %d", Size.fromCode(in.code()).cType(), in.dst(), in.off(),
                        in.imm());
                case Opcode.STX -> store(in);
                case Opcode.JMP, Opcode.JMP32 -> jump(in);
                default -> "invalid";
            };
        }
        return String.format("(%02x) %s", in.code(), text);
    }

    private static String ldImm64(Program program, int index) {
        Insn in = program.insn(index);
        String map = program.mapNameAt(index);
        if (map != null) {
            return String.format("r%d = map[%s]", in.dst(), map);
        }
        long high = index + 1 < program.length() ? program.insn(index + 1).imm() : 0;
        long value = high << 32 | (in.imm() & 0xffffffffL);
        return String.format("r%d = 0x%x", in.dst(), value);
    }

    private static String alu(Insn in) {
        char r = Opcode.cls(in.code()) == Opcode.ALU64 ? 'r' : 'w';
        AluOp op = AluOp.fromCode(in.code());
        if (op == null) {
            return "invalid";
        }
        if (op == AluOp.END) {
            String order = Opcode.source(in.code()) == Opcode.TO_BE ? "be" : "le";
            return String.format("r%d = %s%d r%d", in.dst(), order, in.imm(), in.dst());
        }
        if (op == AluOp.NEG) {
            return String.format("%c%d = -%c%d", r, in.dst(), r, in.dst());
        }
        if (Opcode.source(in.code()) == Opcode.X) {
            return String.format("%c%d %s %c%d", r, in.dst(), op.symbol(), r, in.src());
        }
        return String.format("%c%d %s %d", r, in.dst(), op.symbol(), in.imm());
    }

    private static String store(Insn in) {
        String type = Size.fromCode(in.code()).cType();
        if (Opcode.mode(in.code()) == Opcode.ATOMIC) {
            AluOp op = AluOp.fromCode(in.imm());
            boolean simple = op == AluOp.ADD || op == AluOp.OR || op == AluOp.AND || op == AluOp.XOR;
            if (!simple || op.code() != in.imm()) {
                return "invalid";
            }
            return String.format(
                    "lock *(%s *)(r%d %+d) %s r%d", type, in.dst(), in.off(), op.symbol(), in.src());
        }
        return String.format("*(%s *)(r%d %+d) = r%d", type, in.dst(), in.off(), in.src());
    }

    private static String jump(Insn in) {
        int code = in.code();
        if (code == (Opcode.JMP | Opcode.CALL)) {
            Helper helper = Helper.byId(in.imm());
            return String.format(
                    "call %s#%d", helper == null ? "unknown" : helper.kernelName(), in.imm());
        }
        if (code == (Opcode.JMP | Opcode.EXIT)) {
            return "exit";
        }
        if (code == (Opcode.JMP | Opcode.JA)) {
            return String.format("goto pc%+d", in.off());
        }
        JmpOp op = JmpOp.fromCode(code);
        if (op == null) {
            return "invalid";
        }
        char r = Opcode.cls(code) == Opcode.JMP32 ? 'w' : 'r';
        if (Opcode.source(code) == Opcode.X) {
            return String.format(
                    "if %c%d %s %c%d goto pc%+d", r, in.dst(), op.symbol(), r, in.src(), in.off());
        }
        return String.format("if %c%d %s 0x%x goto pc%+d", r, in.dst(), op.symbol(), in.imm(), in.off());
    }
}
