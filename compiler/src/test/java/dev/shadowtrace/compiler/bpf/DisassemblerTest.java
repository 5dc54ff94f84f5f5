package dev.shadowtrace.compiler.bpf;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R10;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static dev.shadowtrace.compiler.bpf.Reg.R6;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected lines follow the format strings of kernel/bpf/disasm.c (Linux 6.1). */
class DisassemblerTest {

    @Test
    void printsLikeBpftool() {
        Program p = new Assembler()
                .mov64(R6, R1)
                .st(Size.DW, R10, -8, 0)
                .ldMapFd(R1, "counts")
                .mov64(R2, R10)
                .add64(R2, -8)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jeq(R0, 0, "miss")
                .mov64(R1, 1)
                .atomicAdd(Size.DW, R0, 0, R1)
                .ldx(Size.DW, R1, R0, 0)
                .stx(Size.W, R10, -16, R1)
                .alu32(AluOp.MOV, R0, 0)
                .label("miss")
                .neg64(R3)
                .toBigEndian(R1, 16)
                .jgt(R1, R2, "x")
                .jmp32(JmpOp.JNE, R1, 5, "x")
                .jslt(R1, -5, "x")
                .label("x")
                .ldImm64(R2, 0x1122334455667788L)
                .alu32(AluOp.LSH, R2, R3)
                .arsh64(R2, 3)
                .ja("end")
                .label("end")
                .call(Helper.PROBE_READ_KERNEL_STR)
                .exit()
                .assemble();
        assertEquals(
                """
                   0: (bf) r6 = r1
                   1: (7a) *(u64 *)(r10 -8) = 0
                   2: (18) r1 = map[counts]
                   4: (bf) r2 = r10
                   5: (07) r2 += -8
                   6: (85) call bpf_map_lookup_elem#1
                   7: (15) if r0 == 0x0 goto pc+5
                   8: (b7) r1 = 1
                   9: (db) lock *(u64 *)(r0 +0) += r1
                  10: (79) r1 = *(u64 *)(r0 +0)
                  11: (63) *(u32 *)(r10 -16) = r1
                  12: (b4) w0 = 0
                  13: (87) r3 = -r3
                  14: (dc) r1 = be16 r1
                  15: (2d) if r1 > r2 goto pc+2
                  16: (56) if w1 != 0x5 goto pc+1
                  17: (c5) if r1 s< 0xfffffffb goto pc+0
                  18: (18) r2 = 0x1122334455667788
                  20: (6c) w2 <<= w3
                  21: (c7) r2 s>>= 3
                  22: (05) goto pc+0
                  23: (85) call bpf_probe_read_kernel_str#115
                  24: (95) exit
                """,
                Disassembler.dump(p));
    }

    @Test
    void unknownHelperIsNamedUnknown() {
        Program p = new Program(
                List.of(new Insn(0x85, 0, 0, (short) 0, 4242)), List.of(), false);
        assertEquals("(85) call unknown#4242", Disassembler.line(p, 0));
    }
}
