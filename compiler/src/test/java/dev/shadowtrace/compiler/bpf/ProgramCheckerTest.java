package dev.shadowtrace.compiler.bpf;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R10;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static dev.shadowtrace.compiler.bpf.Reg.R4;
import static dev.shadowtrace.compiler.bpf.Reg.R6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramCheckerTest {

    private static List<String> errors(Assembler asm) {
        return errors(asm.assemble());
    }

    private static List<String> errors(Program p) {
        return ProgramChecker.check(p).stream().map(CheckError::toString).toList();
    }

    /** Replaces one instruction, for shapes the assembler refuses to produce. */
    private static Program patch(Program p, int index, Insn replacement) {
        List<Insn> insns = new ArrayList<>(p.insns());
        insns.set(index, replacement);
        return new Program(insns, p.mapRefs(), p.boundedLoops());
    }

    /** {@code @counts[pid] = count()} written by hand, the shape code generation will produce. */
    static Assembler countPerPid() {
        return new Assembler()
                .call(Helper.GET_CURRENT_PID_TGID)
                .stx(Size.DW, R10, -8, R0)
                .ldMapFd(R1, "counts")
                .mov64(R2, R10).add64(R2, -8)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jeq(R0, 0, "miss")
                .mov64(R1, 1)
                .atomicAdd(Size.DW, R0, 0, R1)
                .ja("out")
                .label("miss")
                .st(Size.DW, R10, -16, 1)
                .ldMapFd(R1, "counts")
                .mov64(R2, R10).add64(R2, -8)
                .mov64(R3, R10).add64(R3, -16)
                .mov64(R4, 0)
                .call(Helper.MAP_UPDATE_ELEM)
                .label("out")
                .mov64(R0, 0)
                .exit();
    }

    @Test
    void acceptsWellFormedPrograms() {
        assertEquals(List.of(), errors(countPerPid()));
        assertEquals(List.of(), errors(new Assembler().mov64(R0, 0).exit()));
        ProgramChecker.requireValid(countPerPid().assemble());
    }

    @Test
    void acceptsBoundedLoopWhenDeclared() {
        Assembler asm = new Assembler().allowBoundedLoops()
                .mov64(R0, 0).label("loop").add64(R0, 1).jlt(R0, 10, "loop").exit();
        assertEquals(List.of(), errors(asm));
    }

    @Test
    void rejectsBackEdgeWithoutDeclaration() {
        Assembler asm = new Assembler()
                .mov64(R0, 0).label("loop").add64(R0, 1).jlt(R0, 10, "loop").exit();
        assertEquals(
                List.of("insn 2: back-edge to insn 1 but the program does not declare bounded loops"),
                errors(asm));
    }

    @Test
    void rejectsEmptyAndOversizedPrograms() {
        assertEquals(List.of("empty program"), errors(new Assembler()));
        Assembler big = new Assembler();
        for (int i = 0; i < ProgramChecker.MAX_INSNS; i++) {
            big.mov64(R0, i);
        }
        big.exit();
        assertEquals(List.of("4097 instructions exceed the limit of 4096"), errors(big));
    }

    @Test
    void rejectsJumpOutOfRange() {
        Assembler asm = new Assembler().mov64(R0, 0).jeq(R1, 0, "end").exit().label("end");
        assertEquals(List.of("insn 1: jump target 3 is outside the program [0, 3)"), errors(asm));
        Program backwards = patch(
                new Assembler().mov64(R0, 0).exit().assemble(), 0, new Insn(0x05, 0, 0, (short) -5, 0));
        assertTrue(errors(backwards).contains("insn 0: jump target -4 is outside the program [0, 2)"));
    }

    @Test
    void rejectsJumpIntoSecondHalfOfLdImm64() {
        Program p = new Assembler()
                .mov64(R0, 0) // 0
                .ja("x") // 1
                .ldImm64(R2, 5) // 2, 3
                .label("x").exit() // 4
                .assemble();
        Program bad = patch(p, 1, new Insn(0x05, 0, 0, (short) 1, 0)); // 1 -> 3
        assertEquals(
                List.of("insn 1: jump target 3 is the second half of the ld_imm64 at 2",
                        "insn 2: unreachable instructions 2..4"),
                errors(bad));
    }

    @Test
    void rejectsFallingOffTheEnd() {
        assertEquals(
                List.of("insn 2: execution falls off the end of the program (missing exit?)"),
                errors(new Assembler().mov64(R0, 0).jeq(R1, 0, "x").label("x").mov64(R0, 1)));
    }

    @Test
    void rejectsUnreachableCode() {
        Assembler asm = new Assembler().mov64(R0, 0).exit().mov64(R0, 1).ldImm64(R1, 2).exit();
        assertEquals(List.of("insn 2: unreachable instructions 2..5"), errors(asm));
    }

    @Test
    void rejectsReadOfUnwrittenRegister() {
        assertEquals(
                List.of("insn 0: r2 is read before it is written on some path"),
                errors(new Assembler().mov64(R0, R2).exit()));
    }

    @Test
    void rejectsRegisterWrittenOnOnlyOnePath() {
        Assembler asm = new Assembler()
                .jeq(R1, 0, "skip")
                .mov64(R2, 1)
                .label("skip")
                .mov64(R0, R2)
                .exit();
        assertEquals(List.of("insn 2: r2 is read before it is written on some path"), errors(asm));
    }

    @Test
    void rejectsExitWithoutR0() {
        assertEquals(List.of("insn 0: exit with r0 not set on every path"),
                errors(new Assembler().exit()));
    }

    @Test
    void helperCallsClobberR1ToR5() {
        Assembler asm = new Assembler()
                .mov64(R6, R1)
                .call(Helper.KTIME_GET_NS)
                .mov64(R0, R1) // clobbered
                .add64(R0, R6) // survives
                .exit();
        assertEquals(
                List.of("insn 2: r1 is read before it is written on some path"
                        + " (a helper call on some path clobbered it)"),
                errors(asm));
    }

    @Test
    void helperArgumentsMustBeSet() {
        Assembler asm = new Assembler()
                .ldMapFd(R1, "m")
                .call(Helper.MAP_LOOKUP_ELEM) // R2 (key pointer) never set
                .exit();
        assertEquals(
                List.of("insn 2: bpf_map_lookup_elem argument 2 (r2) is not set on every path"),
                errors(asm));
    }

    @Test
    void r10IsReadOnly() {
        assertEquals(List.of("insn 0: r10 (frame pointer) is read-only"),
                errors(new Assembler().mov64(R10, 0).mov64(R0, 0).exit()));
    }

    @Test
    void stackAccessesMustStayInTheFrame() {
        Assembler asm = new Assembler()
                .stx(Size.DW, R10, -520, R1)
                .stx(Size.DW, R10, 0, R1)
                .st(Size.W, R10, -2, 0)
                .ldx(Size.DW, R0, R10, -12)
                .stx(Size.B, R10, -512, R1) // fine: the lowest byte
                .ldx(Size.DW, R0, R10, -8) // fine
                .exit();
        assertEquals(
                List.of(
                        "insn 0: stack access [r10-520, 8 bytes] outside [-512, 0)",
                        "insn 1: stack access [r10+0, 8 bytes] outside [-512, 0)",
                        "insn 2: stack access [r10-2, 4 bytes] outside [-512, 0)",
                        "insn 3: misaligned stack access [r10-12, 8 bytes]"),
                errors(asm));
    }

    @Test
    void rejectsMalformedInstructions() {
        Program ok = new Assembler().mov64(R0, 0).mov64(R0, 0).exit().assemble();
        assertEquals(List.of("insn 1: division by zero"),
                errors(patch(ok, 1, new Insn(0x37, 0, 0, (short) 0, 0))));
        assertEquals(List.of("insn 1: shift by 64 is out of range for 64-bit operands"),
                errors(patch(ok, 1, new Insn(0x67, 0, 0, (short) 0, 64))));
        assertEquals(List.of("insn 1: call of unknown helper #9999"),
                errors(patch(ok, 1, new Insn(0x85, 0, 0, (short) 0, 9999))));
        assertEquals(List.of("insn 1: unknown ALU operation (e7)"),
                errors(patch(ok, 1, new Insn(0xe7, 0, 0, (short) 0, 0))));
        assertEquals(List.of("insn 1: no such register r11"),
                errors(patch(ok, 1, new Insn(0xb7, 11, 0, (short) 0, 0))));
        assertEquals(List.of("insn 1: unsupported ld instruction (20)"),
                errors(patch(ok, 1, new Insn(0x20, 0, 0, (short) 0, 0))));
    }

    @Test
    void mapLoadsNeedRelocations() {
        Program p = new Assembler().ldMapFd(R1, "m").mov64(R0, 0).exit().assemble();
        Program unrelocated = new Program(p.insns(), List.of(), false);
        assertEquals(List.of("insn 0: map ld_imm64 has no relocation, its fd would be 0"),
                errors(unrelocated));
        Program misplaced = new Program(p.insns(), List.of(new MapRef(2, "m")), false);
        assertTrue(errors(misplaced).contains(
                "insn 2: relocation for map 'm' does not point at a map ld_imm64"));
    }

    @Test
    void requireValidListsEveryError() {
        InvalidProgramException e = assertThrows(InvalidProgramException.class,
                () -> ProgramChecker.requireValid(new Assembler().mov64(R0, R3).exit().assemble()));
        assertEquals(1, e.errors().size());
        assertEquals("eBPF program failed the structural check:\n"
                + "  insn 0: r3 is read before it is written on some path", e.getMessage());
    }
}
