package dev.shadowtrace.compiler.bpf;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R10;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static dev.shadowtrace.compiler.bpf.Reg.R4;
import static dev.shadowtrace.compiler.bpf.Reg.R6;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes for every instruction class, derived by hand from instruction-set.rst and {@code
 * struct bpf_insn}: byte 0 = opcode (class | source/size | operation/mode), byte 1 = src << 4 |
 * dst, bytes 2-3 = off little-endian, bytes 4-7 = imm little-endian. The same encodings are
 * compared with what gcc produces from the kernel header in {@link KernelHeaderCrossCheckTest}.
 */
class InsnEncodingTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String single(Consumer<Assembler> emit) {
        Assembler asm = new Assembler();
        emit.accept(asm);
        return HEX.formatHex(asm.assemble().encode(Map.of()));
    }

    @Test
    void alu64RegisterSource() {
        // ALU64 0x07 | X 0x08 | MOV 0xb0 = 0xbf; regs: src 6 high nibble, dst 1 low = 0x61.
        assertEquals("bf61000000000000", single(a -> a.mov64(R1, R6)));
    }

    @Test
    void alu64ImmediateSource() {
        // ALU64 0x07 | K 0x00 | ADD 0x00 = 0x07; imm -8 = 0xfffffff8, little-endian f8 ff ff ff.
        assertEquals("07010000f8ffffff", single(a -> a.add64(R1, -8)));
        // ARSH 0xc0 | 0x07 = 0xc7, imm 63 = 0x3f.
        assertEquals("c70400003f000000", single(a -> a.arsh64(R4, 63)));
        // NEG 0x80 | 0x07 = 0x87, no operand.
        assertEquals("8703000000000000", single(a -> a.neg64(R3)));
    }

    @Test
    void alu32() {
        // ALU 0x04 | K | MOV 0xb0 = 0xb4.
        assertEquals("b400000001000000", single(a -> a.alu32(AluOp.MOV, R0, 1)));
        // ALU 0x04 | X 0x08 | ADD = 0x0c; regs src 3, dst 2 = 0x32.
        assertEquals("0c32000000000000", single(a -> a.alu32(AluOp.ADD, R2, R3)));
        // ALU 0x04 | TO_BE 0x08 | END 0xd0 = 0xdc, imm = width 16.
        assertEquals("dc01000010000000", single(a -> a.toBigEndian(R1, 16)));
        assertEquals("d401000040000000", single(a -> a.toLittleEndian(R1, 64)));
    }

    @Test
    void loads() {
        // LDX 0x01 | MEM 0x60 | DW 0x18 = 0x79; regs src 1, dst 0 = 0x10; off 16 = 10 00.
        assertEquals("7910100000000000", single(a -> a.ldx(Size.DW, R0, R1, 16)));
        // W 0x00: 0x61.
        assertEquals("6110040000000000", single(a -> a.ldx(Size.W, R0, R1, 4)));
        // H 0x08: 0x69; regs src 10, dst 2 = 0xa2; off -2 = fe ff.
        assertEquals("69a2feff00000000", single(a -> a.ldx(Size.H, R2, R10, -2)));
        // B 0x10: 0x71.
        assertEquals("7121000000000000", single(a -> a.ldx(Size.B, R1, R2, 0)));
    }

    @Test
    void stores() {
        // STX 0x03 | MEM 0x60 | DW 0x18 = 0x7b; regs src 1, dst 10 = 0x1a; off -8 = f8 ff.
        assertEquals("7b1af8ff00000000", single(a -> a.stx(Size.DW, R10, -8, R1)));
        // ST 0x02 | MEM 0x60 | W 0x00 = 0x62; dst 10; off -4 = fc ff; imm 7.
        assertEquals("620afcff07000000", single(a -> a.st(Size.W, R10, -4, 7)));
        // ST | MEM | B 0x10 = 0x72.
        assertEquals("720affffff000000", single(a -> a.st(Size.B, R10, -1, 255)));
    }

    @Test
    void atomicAdd() {
        // STX 0x03 | ATOMIC 0xc0 | DW 0x18 = 0xdb; imm BPF_ADD = 0.
        assertEquals("db10000000000000", single(a -> a.atomicAdd(Size.DW, R0, 0, R1)));
        // W: 0xc3; regs src 3, dst 2 = 0x32; off 8.
        assertEquals("c332080000000000", single(a -> a.atomicAdd(Size.W, R2, 8, R3)));
    }

    @Test
    void jumps() {
        // JMP 0x05 | K | JEQ 0x10 = 0x15, off = 3 slots after the next instruction.
        Assembler asm = new Assembler().jeq(R0, 0, "x");
        asm.mov64(R0, 0).mov64(R0, 0).mov64(R0, 0).label("x").exit();
        assertEquals("1500030000000000", HEX.formatHex(asm.assemble().insn(0).bytes()));

        // JMP | X 0x08 | JGT 0x20 = 0x2d; regs src 2, dst 1 = 0x21; off 0.
        asm = new Assembler().jgt(R1, R2, "y").label("y").exit();
        assertEquals("2d21000000000000", HEX.formatHex(asm.assemble().insn(0).bytes()));

        // JMP32 0x06 | K | JNE 0x50 = 0x56; imm 5.
        asm = new Assembler().jmp32(JmpOp.JNE, R1, 5, "z").label("z").exit();
        assertEquals("5601000005000000", HEX.formatHex(asm.assemble().insn(0).bytes()));

        // JA 0x05 backwards: target 0 from index 1, off = 0 - (1 + 1) = -2 = fe ff.
        asm = new Assembler().allowBoundedLoops().label("top").mov64(R0, 0).ja("top");
        assertEquals("0500feff00000000", HEX.formatHex(asm.assemble().insn(1).bytes()));
    }

    @Test
    void callAndExit() {
        // JMP 0x05 | CALL 0x80 = 0x85, imm = helper id (1, 113 = 0x71).
        assertEquals("8500000001000000", single(a -> a.call(Helper.MAP_LOOKUP_ELEM)));
        assertEquals("8500000071000000", single(a -> a.call(Helper.PROBE_READ_KERNEL)));
        // JMP | EXIT 0x90 = 0x95.
        assertEquals("9500000000000000", single(Assembler::exit));
    }

    @Test
    void ldImm64TakesTwoSlots() {
        // LD 0x00 | IMM 0x00 | DW 0x18 = 0x18; first imm = low half 0x55667788 (88 77 66 55),
        // second slot all zero but imm = high half 0x11223344 (44 33 22 11).
        assertEquals(
                "1802000088776655" + "0000000044332211",
                single(a -> a.ldImm64(R2, 0x1122334455667788L)));
    }

    @Test
    void mapReferenceGetsFdAtEncodeTime() {
        // src_reg = BPF_PSEUDO_MAP_FD (1), dst 1: regs 0x11; imm = fd 7.
        Program p = new Assembler().ldMapFd(R1, "counts").assemble();
        assertEquals(
                "1811000007000000" + "0000000000000000", HEX.formatHex(p.encode(Map.of("counts", 7))));
    }

    @Test
    void decodeInvertsEncode() {
        Insn insn = new Insn(0x7b, 10, 1, (short) -8, -123456);
        assertEquals(insn, Insn.readFrom(insn.bytes(), 0));
    }
}
