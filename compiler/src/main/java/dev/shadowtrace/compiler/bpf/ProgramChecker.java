package dev.shadowtrace.compiler.bpf;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntBinaryOperator;

/**
 * Structural checks on generated programs. The kernel verifier remains the final judge; this
 * catches shadowtrace's own code generation bugs early and names the instruction:
 *
 * <ul>
 *   <li>every instruction is well formed (known opcode, valid registers, ld_imm64 complete, no
 *       division by a zero immediate, shift amounts in range, known helper, map loads relocated)
 *   <li>at most {@value #MAX_INSNS} slots
 *   <li>jump targets in range and not into the second half of an ld_imm64
 *   <li>no backward jump unless the program {@linkplain Program#boundedLoops() declares bounded
 *       loops}
 *   <li>every instruction reachable, and no path falls off the end (all end in exit)
 *   <li>no register read before it is written on every path to the read: at entry only R1
 *       (context) and R10 (frame pointer) are set, helper calls set R0 and clobber R1-R5, exit
 *       reads R0
 *   <li>R10 is never written
 *   <li>stack accesses through R10 lie within [-{@value #STACK_SIZE}, 0) and are aligned to their
 *       size (the verifier always enforces stack alignment)
 * </ul>
 */
public final class ProgramChecker {
    /** {@code BPF_MAXINSNS}. */
    public static final int MAX_INSNS = 4096;

    /** {@code MAX_BPF_STACK}. */
    public static final int STACK_SIZE = 512;

    private static final int ALL_REGS = (1 << 11) - 1;
    private static final int ENTRY_REGS = bit(Reg.R1) | bit(Reg.R10);
    private static final int CALL_CLOBBERED =
            bit(Reg.R1) | bit(Reg.R2) | bit(Reg.R3) | bit(Reg.R4) | bit(Reg.R5);

    private final Program program;
    private final int n;
    private final List<CheckError> errors = new ArrayList<>();
    private final boolean[] secondHalf;
    private final int[][] successors;

    private ProgramChecker(Program program) {
        this.program = program;
        this.n = program.length();
        this.secondHalf = new boolean[n];
        this.successors = new int[n][];
    }

    /** Returns every problem found, in instruction order; empty if the program passes. */
    public static List<CheckError> check(Program program) {
        if (program.length() == 0) {
            return List.of(new CheckError(CheckError.PROGRAM, "empty program"));
        }
        ProgramChecker checker = new ProgramChecker(program);
        checker.run();
        List<CheckError> sorted = new ArrayList<>(checker.errors);
        sorted.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return sorted;
    }

    /** @throws InvalidProgramException listing every problem, if there is any */
    public static void requireValid(Program program) {
        List<CheckError> errors = check(program);
        if (!errors.isEmpty()) {
            throw new InvalidProgramException(errors);
        }
    }

    private void run() {
        if (n > MAX_INSNS) {
            error(CheckError.PROGRAM, n + " instructions exceed the limit of " + MAX_INSNS);
        }
        checkWellFormed();
        checkMapRefs();
        computeSuccessors();
        boolean[] reachable = reachable();
        checkReachabilityAndEnds(reachable);
        checkRegisterFlow(reachable);
    }

    // ---- per instruction ------------------------------------------------------------------------

    private void checkWellFormed() {
        for (int i = 0; i < n; i += width(i)) {
            Insn in = program.insn(i);
            if (in.isLdImm64()) {
                if (i + 1 == n) {
                    error(i, "ld_imm64 lacks its second half");
                    continue;
                }
                secondHalf[i + 1] = true;
                Insn high = program.insn(i + 1);
                if (high.code() != 0 || high.dst() != 0 || high.src() != 0 || high.off() != 0) {
                    error(i + 1, "second half of ld_imm64 must have only imm set");
                }
            }
            String problem = malformation(in);
            if (problem != null) {
                error(i, problem);
            } else {
                checkStackAccess(i, in);
            }
        }
    }

    private static String malformation(Insn in) {
        int code = in.code();
        switch (Opcode.cls(code)) {
            case Opcode.LD:
                if (!in.isLdImm64()) {
                    return String.format("unsupported ld instruction (%02x)", code);
                }
                if (in.src() != 0 && in.src() != Opcode.PSEUDO_MAP_FD) {
                    return "unsupported ld_imm64 pseudo source " + in.src();
                }
                return badRegister(in.dst());
            case Opcode.LDX:
            case Opcode.ST:
                if (Opcode.mode(code) != Opcode.MEM) {
                    return String.format("unsupported load/store mode (%02x)", code);
                }
                return badRegister(in.dst(), in.src());
            case Opcode.STX:
                return storeMalformation(in);
            case Opcode.ALU:
            case Opcode.ALU64:
                return aluMalformation(in);
            default:
                return jumpMalformation(in);
        }
    }

    private static String storeMalformation(Insn in) {
        int mode = Opcode.mode(in.code());
        if (mode == Opcode.ATOMIC) {
            Size size = Size.fromCode(in.code());
            if (size != Size.W && size != Size.DW) {
                return "atomic operations exist only for W and DW";
            }
            if (in.imm() != AluOp.ADD.code()
                    && in.imm() != AluOp.OR.code()
                    && in.imm() != AluOp.AND.code()
                    && in.imm() != AluOp.XOR.code()) {
                return String.format("unsupported atomic operation 0x%x", in.imm());
            }
        } else if (mode != Opcode.MEM) {
            return String.format("unsupported store mode (%02x)", in.code());
        }
        return badRegister(in.dst(), in.src());
    }

    private static String aluMalformation(Insn in) {
        AluOp op = AluOp.fromCode(in.code());
        boolean is64 = Opcode.cls(in.code()) == Opcode.ALU64;
        if (op == null) {
            return String.format("unknown ALU operation (%02x)", in.code());
        }
        if (op == AluOp.END) {
            if (is64) {
                return "byte swap must use the 32-bit ALU class";
            }
            if (in.imm() != 16 && in.imm() != 32 && in.imm() != 64) {
                return "byte swap width must be 16, 32 or 64";
            }
            return badRegister(in.dst());
        }
        if (op == AluOp.NEG && (Opcode.source(in.code()) != Opcode.K || in.imm() != 0)) {
            return "neg uses reserved fields";
        }
        if (Opcode.source(in.code()) == Opcode.X) {
            return badRegister(in.dst(), in.src());
        }
        if ((op == AluOp.DIV || op == AluOp.MOD) && in.imm() == 0) {
            return "division by zero";
        }
        int bits = is64 ? 64 : 32;
        if (op.isShift() && (in.imm() < 0 || in.imm() >= bits)) {
            return "shift by " + in.imm() + " is out of range for " + bits + "-bit operands";
        }
        return badRegister(in.dst());
    }

    private static String jumpMalformation(Insn in) {
        int code = in.code();
        boolean is64 = Opcode.cls(code) == Opcode.JMP;
        if (is64 && code == (Opcode.JMP | Opcode.CALL)) {
            if (in.src() != 0) {
                return "calls of BPF subprograms and kfuncs are not supported";
            }
            return Helper.byId(in.imm()) == null ? "call of unknown helper #" + in.imm() : null;
        }
        if (is64 && (code == (Opcode.JMP | Opcode.EXIT) || code == (Opcode.JMP | Opcode.JA))) {
            return null;
        }
        if (JmpOp.fromCode(code) == null) {
            return String.format("unknown jump operation (%02x)", code);
        }
        return Opcode.source(code) == Opcode.X ? badRegister(in.dst(), in.src()) : badRegister(in.dst());
    }

    private static String badRegister(int... numbers) {
        for (int r : numbers) {
            if (r > 10) {
                return "no such register r" + r;
            }
        }
        return null;
    }

    private void checkStackAccess(int i, Insn in) {
        int cls = Opcode.cls(in.code());
        int base = cls == Opcode.LDX ? in.src() : in.dst();
        boolean memory = cls == Opcode.LDX || cls == Opcode.ST || cls == Opcode.STX;
        if (!memory || base != Reg.R10.number()) {
            return;
        }
        int size = Size.fromCode(in.code()).bytes();
        int off = in.off();
        if (off < -STACK_SIZE || off + size > 0) {
            error(i, String.format(
                    "stack access [r10%+d, %d bytes] outside [-%d, 0)", off, size, STACK_SIZE));
        } else if (off % size != 0) {
            error(i, String.format("misaligned stack access [r10%+d, %d bytes]", off, size));
        }
    }

    private void checkMapRefs() {
        for (MapRef ref : program.mapRefs()) {
            int i = ref.insnIndex();
            if (i < 0 || i >= n || !program.insn(i).isMapLoad()) {
                error(i, "relocation for map '" + ref.mapName() + "' does not point at a map ld_imm64");
            }
        }
        for (int i = 0; i < n; i += width(i)) {
            if (program.insn(i).isMapLoad() && program.mapNameAt(i) == null) {
                error(i, "map ld_imm64 has no relocation, its fd would be 0");
            }
        }
    }

    // ---- control flow ---------------------------------------------------------------------------

    private void computeSuccessors() {
        for (int i = 0; i < n; i += width(i)) {
            Insn in = program.insn(i);
            int next = i + width(i);
            if (in.code() == (Opcode.JMP | Opcode.EXIT)) {
                successors[i] = new int[0];
            } else if (in.code() == (Opcode.JMP | Opcode.JA)) {
                successors[i] = validTarget(i, in) ? new int[] {target(i, in)} : new int[0];
            } else if (isConditionalJump(in)) {
                successors[i] =
                        validTarget(i, in) ? new int[] {next, target(i, in)} : new int[] {next};
            } else {
                successors[i] = new int[] {next};
            }
        }
    }

    private boolean validTarget(int i, Insn in) {
        int t = target(i, in);
        if (t < 0 || t >= n) {
            error(i, "jump target " + t + " is outside the program [0, " + n + ")");
            return false;
        }
        if (secondHalf[t]) {
            error(i, "jump target " + t + " is the second half of the ld_imm64 at " + (t - 1));
            return false;
        }
        if (t <= i && !program.boundedLoops()) {
            error(i, "back-edge to insn " + t + " but the program does not declare bounded loops");
        }
        return true;
    }

    private static int target(int i, Insn in) {
        return i + 1 + in.off();
    }

    private static boolean isConditionalJump(Insn in) {
        return Opcode.isJump(in.code()) && JmpOp.fromCode(in.code()) != null;
    }

    private boolean[] reachable() {
        boolean[] seen = new boolean[n];
        Deque<Integer> work = new ArrayDeque<>(List.of(0));
        seen[0] = true;
        while (!work.isEmpty()) {
            for (int s : successors[work.pop()]) {
                if (s < n && !seen[s]) {
                    seen[s] = true;
                    work.push(s);
                }
            }
        }
        return seen;
    }

    private void checkReachabilityAndEnds(boolean[] reachable) {
        int deadFrom = -1;
        int deadTo = -1;
        for (int i = 0; i < n; i += width(i)) {
            if (!reachable[i]) {
                deadFrom = deadFrom < 0 ? i : deadFrom;
                deadTo = i;
                continue;
            }
            reportDead(deadFrom, deadTo);
            deadFrom = -1;
            for (int s : successors[i]) {
                if (s >= n) {
                    error(i, "execution falls off the end of the program (missing exit?)");
                }
            }
        }
        reportDead(deadFrom, deadTo);
    }

    private void reportDead(int from, int to) {
        if (from >= 0) {
            error(from, from == to ? "unreachable instruction" : "unreachable instructions " + from
                    + ".." + to);
        }
    }

    // ---- register data flow ---------------------------------------------------------------------

    private void checkRegisterFlow(boolean[] reachable) {
        int[] written = solve(ENTRY_REGS, (a, b) -> a & b, this::mustWrittenAfter);
        int[] clobbered = solve(0, (a, b) -> a | b, this::mayClobberedAfter);
        for (int i = 0; i < n; i += width(i)) {
            if (!reachable[i]) {
                continue;
            }
            Insn in = program.insn(i);
            if ((writes(in) & bit(Reg.R10)) != 0) {
                error(i, "r10 (frame pointer) is read-only");
            }
            int missing = reads(in) & ~written[i];
            for (Reg r : Reg.values()) {
                if ((missing & bit(r)) != 0) {
                    error(i, unsetMessage(in, r, (clobbered[i] & bit(r)) != 0));
                }
            }
        }
    }

    private static String unsetMessage(Insn in, Reg r, boolean clobberedByCall) {
        String where = clobberedByCall ? " (a helper call on some path clobbered it)" : "";
        if (in.code() == (Opcode.JMP | Opcode.EXIT)) {
            return "exit with r0 not set on every path" + where;
        }
        if (in.code() == (Opcode.JMP | Opcode.CALL)) {
            return Helper.byId(in.imm()).kernelName() + " argument " + r.number() + " (" + r
                    + ") is not set on every path" + where;
        }
        return r + " is read before it is written on some path" + where;
    }

    /**
     * Forward data flow over reachable instructions: {@code in[entry] = entryValue}, {@code in[s] =
     * merge of out[p]} over predecessors p, iterated to a fixed point.
     */
    private int[] solve(int entryValue, IntBinaryOperator merge, IntBinaryOperator transfer) {
        int[] in = new int[n];
        boolean[] visited = new boolean[n];
        in[0] = entryValue;
        visited[0] = true;
        Deque<Integer> work = new ArrayDeque<>(List.of(0));
        while (!work.isEmpty()) {
            int i = work.pop();
            int out = transfer.applyAsInt(i, in[i]);
            for (int s : successors[i]) {
                if (s >= n) {
                    continue;
                }
                int merged = visited[s] ? merge.applyAsInt(in[s], out) : out;
                if (!visited[s] || merged != in[s]) {
                    visited[s] = true;
                    in[s] = merged;
                    work.push(s);
                }
            }
        }
        return in;
    }

    private int mustWrittenAfter(int i, int before) {
        Insn in = program.insn(i);
        int after = isCall(in) ? before & ~CALL_CLOBBERED : before;
        return (after | writes(in)) & ALL_REGS;
    }

    private int mayClobberedAfter(int i, int before) {
        Insn in = program.insn(i);
        int after = isCall(in) ? before | CALL_CLOBBERED : before;
        return after & ~writes(in);
    }

    private static boolean isCall(Insn in) {
        return in.code() == (Opcode.JMP | Opcode.CALL);
    }

    /** Registers an instruction reads. */
    private static int reads(Insn in) {
        int code = in.code();
        int dst = 1 << in.dst();
        int src = Opcode.source(code) == Opcode.X ? 1 << in.src() : 0;
        switch (Opcode.cls(code)) {
            case Opcode.ALU:
            case Opcode.ALU64:
                AluOp op = AluOp.fromCode(code);
                if (op == AluOp.NEG || op == AluOp.END) {
                    return dst;
                }
                return op == AluOp.MOV ? src : dst | src;
            case Opcode.LD:
                return 0;
            case Opcode.LDX:
                return 1 << in.src();
            case Opcode.ST:
                return dst;
            case Opcode.STX:
                return dst | 1 << in.src();
            default:
                if (isCall(in)) {
                    Helper helper = Helper.byId(in.imm());
                    int args = helper == null ? 0 : helper.argCount();
                    return ((1 << (args + 1)) - 1) & ~bit(Reg.R0);
                }
                if (code == (Opcode.JMP | Opcode.EXIT)) {
                    return bit(Reg.R0);
                }
                return code == (Opcode.JMP | Opcode.JA) ? 0 : dst | src;
        }
    }

    /** Registers an instruction writes. */
    private static int writes(Insn in) {
        switch (Opcode.cls(in.code())) {
            case Opcode.ALU:
            case Opcode.ALU64:
            case Opcode.LD:
            case Opcode.LDX:
                return 1 << in.dst();
            default:
                return isCall(in) ? bit(Reg.R0) : 0;
        }
    }

    private int width(int i) {
        return program.insn(i).isLdImm64() ? 2 : 1;
    }

    private static int bit(Reg r) {
        return 1 << r.number();
    }

    private void error(int index, String message) {
        errors.add(new CheckError(index, message));
    }
}
