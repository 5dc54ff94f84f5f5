package dev.shadowtrace.compiler.bpf;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssemblerTest {

    @Test
    void forwardJumpOffsetCountsFromNextInstruction() {
        Program p = new Assembler()
                .jeq(R1, 0, "out") // 0 -> 3: off = 3 - 1 = 2
                .mov64(R0, 1)
                .exit()
                .label("out")
                .mov64(R0, 0)
                .exit()
                .assemble();
        assertEquals(2, p.insn(0).off());
    }

    @Test
    void backwardJumpHasNegativeOffset() {
        Program p = new Assembler().allowBoundedLoops()
                .mov64(R0, 0)
                .label("loop") // 1
                .add64(R0, 1)
                .jlt(R0, 10, "loop") // 2 -> 1: off = 1 - 3 = -2
                .exit()
                .assemble();
        assertEquals(-2, p.insn(2).off());
        assertTrue(p.boundedLoops());
    }

    @Test
    void ldImm64CountsAsTwoSlotsInOffsets() {
        Program p = new Assembler()
                .ja("after") // 0 -> 3
                .ldImm64(R2, 1L << 40) // slots 1, 2
                .label("after")
                .mov64(R0, 0)
                .exit()
                .assemble();
        assertEquals(2, p.insn(0).off());
        assertEquals(5, p.length());
    }

    @Test
    void labelMayBeUsedBeforeAndAfterDefinition() {
        Program p = new Assembler().allowBoundedLoops()
                .label("a").jeq(R1, 1, "b").ja("a").label("b").mov64(R0, 0).exit()
                .assemble();
        assertEquals(1, p.insn(0).off());
        assertEquals(-2, p.insn(1).off());
    }

    @Test
    void undefinedLabelIsReported() {
        Assembler asm = new Assembler().jeq(R0, 0, "nowhere").exit();
        IllegalStateException e = assertThrows(IllegalStateException.class, asm::assemble);
        assertEquals("undefined label 'nowhere' (jumped to from insn 0)", e.getMessage());
    }

    @Test
    void duplicateLabelIsRejected() {
        Assembler asm = new Assembler().label("x").mov64(R0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> asm.label("x"));
        assertEquals("label 'x' defined twice (insn 0 and 1)", e.getMessage());
    }

    @Test
    void jumpBeyond16BitsIsRejected() {
        Assembler asm = new Assembler().ja("far");
        for (int i = 0; i < 40_000; i++) {
            asm.mov64(R0, 0);
        }
        asm.label("far").exit();
        assertThrows(IllegalStateException.class, asm::assemble);
    }

    @Test
    void mapReferencesAreRecordedBySlotAndPatchedWithFds() {
        Program p = new Assembler()
                .ldMapFd(R1, "a") // 0
                .ldMapFd(R2, "b") // 2
                .ldMapFd(R1, "a") // 4
                .mov64(R0, 0).exit()
                .assemble();
        assertEquals(
                List.of(new MapRef(0, "a"), new MapRef(2, "b"), new MapRef(4, "a")), p.mapRefs());
        assertEquals(Set.of("a", "b"), p.mapNames());
        byte[] bytes = p.encode(Map.of("a", 3, "b", 4));
        assertEquals(3, Insn.readFrom(bytes, 0).imm());
        assertEquals(4, Insn.readFrom(bytes, 16).imm());
        assertEquals(3, Insn.readFrom(bytes, 32).imm());
        assertEquals(Opcode.PSEUDO_MAP_FD, Insn.readFrom(bytes, 32).src());
    }

    @Test
    void encodingWithoutAMapsFdFails() {
        Program p = new Assembler().ldMapFd(R1, "a").mov64(R0, 0).exit().assemble();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> p.encode(Map.of()));
        assertEquals("no file descriptor for map 'a' (insn 0)", e.getMessage());
    }

    @Test
    void freshLabelsAreUnique() {
        Assembler asm = new Assembler();
        assertNotEquals(asm.newLabel("x"), asm.newLabel("x"));
    }

    @Test
    void assembleDoesNotConsumeTheAssembler() {
        Assembler asm = new Assembler().mov64(R0, 0);
        asm.assemble();
        asm.exit();
        assertEquals(2, asm.assemble().length());
        assertEquals(2, asm.position());
    }

    @Test
    void unencodableInstructionsAreRejected() {
        Assembler asm = new Assembler();
        assertThrows(IllegalArgumentException.class, () -> asm.alu64(AluOp.NEG, R1, 0));
        assertThrows(IllegalArgumentException.class, () -> asm.alu64(AluOp.END, R1, R2));
        assertThrows(IllegalArgumentException.class, () -> asm.atomicAdd(Size.B, R1, 0, R2));
        assertThrows(IllegalArgumentException.class, () -> asm.toBigEndian(R1, 24));
        assertThrows(IllegalArgumentException.class, () -> asm.ldx(Size.DW, R1, R2, 40_000));
        assertEquals(0, asm.position());
    }
}
