package dev.shadowtrace.compiler.bpf;

/**
 * Executes the register-only part of eBPF (ALU, ALU64, JMP, JMP32, ld_imm64, exit) with the
 * semantics of Documentation/bpf/instruction-set.rst, so tests can check that emitted code
 * computes what its Java twin computes. Memory access and calls are not modelled.
 */
final class BpfInterpreter {
    private static final int STEP_LIMIT = 100_000;

    private BpfInterpreter() {}

    /** Runs the program with R1 = {@code r1} and returns R0 at exit. */
    static long run(Program program, long r1) {
        long[] r = new long[11];
        r[1] = r1;
        int pc = 0;
        for (int steps = 0; steps < STEP_LIMIT; steps++) {
            Insn in = program.insn(pc);
            int code = in.code();
            if (in.isLdImm64()) {
                r[in.dst()] = (long) program.insn(pc + 1).imm() << 32 | (in.imm() & 0xffffffffL);
                pc += 2;
                continue;
            }
            if (code == (Opcode.JMP | Opcode.EXIT)) {
                return r[0];
            }
            int cls = Opcode.cls(code);
            boolean x = Opcode.source(code) == Opcode.X;
            if (cls == Opcode.ALU64) {
                r[in.dst()] = alu64(AluOp.fromCode(code), r[in.dst()], x ? r[in.src()] : in.imm());
            } else if (cls == Opcode.ALU) {
                int src = x ? (int) r[in.src()] : in.imm();
                r[in.dst()] = alu32(AluOp.fromCode(code), (int) r[in.dst()], src) & 0xffffffffL;
            } else if (code == (Opcode.JMP | Opcode.JA)) {
                pc += in.off();
            } else if (cls == Opcode.JMP || cls == Opcode.JMP32) {
                long a = r[in.dst()];
                long b = x ? r[in.src()] : in.imm();
                if (cls == Opcode.JMP32) {
                    a = (int) a;
                    b = (int) b;
                }
                if (taken(JmpOp.fromCode(code), a, b, cls == Opcode.JMP32)) {
                    pc += in.off();
                }
            } else {
                throw new UnsupportedOperationException(Disassembler.line(program, pc));
            }
            pc++;
        }
        throw new IllegalStateException("no exit within " + STEP_LIMIT + " steps");
    }

    static long alu64(AluOp op, long dst, long src) {
        return switch (op) {
            case ADD -> dst + src;
            case SUB -> dst - src;
            case MUL -> dst * src;
            case DIV -> src == 0 ? 0 : Long.divideUnsigned(dst, src);
            case MOD -> src == 0 ? dst : Long.remainderUnsigned(dst, src);
            case OR -> dst | src;
            case AND -> dst & src;
            case XOR -> dst ^ src;
            case LSH -> dst << src;
            case RSH -> dst >>> src;
            case ARSH -> dst >> src;
            case NEG -> -dst;
            case MOV -> src;
            case END -> throw new UnsupportedOperationException("byte swap");
        };
    }

    static int alu32(AluOp op, int dst, int src) {
        return switch (op) {
            case ADD -> dst + src;
            case SUB -> dst - src;
            case MUL -> dst * src;
            case DIV -> src == 0 ? 0 : Integer.divideUnsigned(dst, src);
            case MOD -> src == 0 ? dst : Integer.remainderUnsigned(dst, src);
            case OR -> dst | src;
            case AND -> dst & src;
            case XOR -> dst ^ src;
            case LSH -> dst << src;
            case RSH -> dst >>> src;
            case ARSH -> dst >> src;
            case NEG -> -dst;
            case MOV -> src;
            case END -> throw new UnsupportedOperationException("byte swap");
        };
    }

    /** For JMP32 the operands arrive sign-extended from 32 bits; unsigned compares mask them. */
    static boolean taken(JmpOp op, long a, long b, boolean narrow) {
        long ua = narrow ? a & 0xffffffffL : a;
        long ub = narrow ? b & 0xffffffffL : b;
        return switch (op) {
            case JEQ -> a == b;
            case JNE -> a != b;
            case JSET -> (a & b) != 0;
            case JGT -> Long.compareUnsigned(ua, ub) > 0;
            case JGE -> Long.compareUnsigned(ua, ub) >= 0;
            case JLT -> Long.compareUnsigned(ua, ub) < 0;
            case JLE -> Long.compareUnsigned(ua, ub) <= 0;
            case JSGT -> a > b;
            case JSGE -> a >= b;
            case JSLT -> a < b;
            case JSLE -> a <= b;
        };
    }
}
