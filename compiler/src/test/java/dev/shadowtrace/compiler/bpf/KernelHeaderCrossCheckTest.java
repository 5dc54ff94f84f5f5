package dev.shadowtrace.compiler.bpf;

import static dev.shadowtrace.compiler.bpf.Reg.R0;
import static dev.shadowtrace.compiler.bpf.Reg.R1;
import static dev.shadowtrace.compiler.bpf.Reg.R10;
import static dev.shadowtrace.compiler.bpf.Reg.R2;
import static dev.shadowtrace.compiler.bpf.Reg.R3;
import static dev.shadowtrace.compiler.bpf.Reg.R6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles a C program against the kernel's {@code linux/bpf.h} with gcc and compares every
 * constant and several whole {@code struct bpf_insn} encodings with this package. The header comes
 * from {@code -Dshadowtrace.uapi.include=DIR} (e.g. the {@code include/uapi} of the 6.1 kernel
 * source) or else {@code /usr/include} (Debian 12's linux-libc-dev, which is Linux 6.1). Skipped
 * when gcc or the header is missing; {@link InsnEncodingTest} covers the bytes without them.
 */
class KernelHeaderCrossCheckTest {

    @TempDir Path dir;

    /** Each constant of ours, keyed by the C expression that must have the same value. */
    private static Map<String, Long> constants() {
        Map<String, Long> c = new TreeMap<>();
        for (Helper h : Helper.values()) {
            c.put("BPF_FUNC_" + h.name().toLowerCase(Locale.ROOT), (long) h.id());
        }
        for (MapType t : MapType.values()) {
            c.put("BPF_MAP_TYPE_" + t.name(), (long) t.kernelId());
        }
        for (AluOp op : AluOp.values()) {
            c.put("BPF_" + op.name(), (long) op.code());
        }
        for (JmpOp op : JmpOp.values()) {
            c.put("BPF_" + op.name(), (long) op.code());
        }
        for (Size s : Size.values()) {
            c.put("BPF_" + s.name(), (long) s.code());
        }
        c.put("BPF_LD", (long) Opcode.LD);
        c.put("BPF_LDX", (long) Opcode.LDX);
        c.put("BPF_ST", (long) Opcode.ST);
        c.put("BPF_STX", (long) Opcode.STX);
        c.put("BPF_ALU", (long) Opcode.ALU);
        c.put("BPF_JMP", (long) Opcode.JMP);
        c.put("BPF_JMP32", (long) Opcode.JMP32);
        c.put("BPF_ALU64", (long) Opcode.ALU64);
        c.put("BPF_K", (long) Opcode.K);
        c.put("BPF_X", (long) Opcode.X);
        c.put("BPF_IMM", (long) Opcode.IMM);
        c.put("BPF_MEM", (long) Opcode.MEM);
        c.put("BPF_ATOMIC", (long) Opcode.ATOMIC);
        c.put("BPF_JA", (long) Opcode.JA);
        c.put("BPF_CALL", (long) Opcode.CALL);
        c.put("BPF_EXIT", (long) Opcode.EXIT);
        c.put("BPF_TO_LE", (long) Opcode.TO_LE);
        c.put("BPF_TO_BE", (long) Opcode.TO_BE);
        c.put("BPF_PSEUDO_MAP_FD", (long) Opcode.PSEUDO_MAP_FD);
        c.put("BPF_MAXINSNS", (long) ProgramChecker.MAX_INSNS);
        c.put("BPF_F_NO_PREALLOC", (long) MapSpec.NO_PREALLOC);
        c.put("BPF_OBJ_NAME_LEN - 1", (long) MapSpec.MAX_NAME_LENGTH);
        return c;
    }

    /** Instructions built by the assembler, keyed by the C initializer of the same instruction. */
    private static Map<String, Consumer<Assembler>> instructions() {
        Map<String, Consumer<Assembler>> m = new LinkedHashMap<>();
        m.put("{.code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = 1, .src_reg = 6}",
                a -> a.mov64(R1, R6));
        m.put("{.code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = 2, .imm = -8}", a -> a.add64(R2, -8));
        m.put("{.code = BPF_ALU | BPF_END | BPF_TO_BE, .dst_reg = 1, .imm = 32}",
                a -> a.toBigEndian(R1, 32));
        m.put("{.code = BPF_LDX | BPF_MEM | BPF_H, .dst_reg = 0, .src_reg = 10, .off = -6}",
                a -> a.ldx(Size.H, R0, R10, -6));
        m.put("{.code = BPF_STX | BPF_MEM | BPF_DW, .dst_reg = 10, .src_reg = 1, .off = -8}",
                a -> a.stx(Size.DW, R10, -8, R1));
        m.put("{.code = BPF_ST | BPF_MEM | BPF_B, .dst_reg = 10, .off = -1, .imm = 200}",
                a -> a.st(Size.B, R10, -1, 200));
        m.put("{.code = BPF_STX | BPF_ATOMIC | BPF_DW, .dst_reg = 0, .src_reg = 3, .off = 8,"
                + " .imm = BPF_ADD}", a -> a.atomicAdd(Size.DW, R0, 8, R3));
        m.put("{.code = BPF_JMP | BPF_JSGE | BPF_X, .dst_reg = 1, .src_reg = 2, .off = 0}",
                a -> a.jsge(R1, R2, "l").label("l"));
        m.put("{.code = BPF_JMP32 | BPF_JLT | BPF_K, .dst_reg = 3, .off = 0, .imm = -1}",
                a -> a.jmp32(JmpOp.JLT, R3, -1, "l").label("l"));
        m.put("{.code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_ringbuf_output}",
                a -> a.call(Helper.RINGBUF_OUTPUT));
        m.put("{.code = BPF_JMP | BPF_EXIT}", Assembler::exit);
        m.put("{.code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = 1, .src_reg = BPF_PSEUDO_MAP_FD,"
                + " .imm = 42}, {.imm = 0}", a -> a.ldMapFd(R1, "m"));
        m.put("{.code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = 9, .imm = (int)0x89abcdef},"
                + " {.imm = 0x01234567}", a -> a.ldImm64(Reg.R9, 0x0123456789abcdefL));
        return m;
    }

    @Test
    void constantsAndEncodingsMatchTheKernelHeader() throws Exception {
        Map<String, String> kernel = runAgainstHeader();
        constants().forEach((expr, ours) ->
                assertEquals(kernel.get(expr), Long.toString(ours), expr));
        HexFormat hex = HexFormat.of();
        instructions().forEach((initializer, emit) -> {
            Assembler asm = new Assembler();
            emit.accept(asm);
            byte[] bytes = asm.assemble().encode(Map.of("m", 42));
            assertEquals(kernel.get(initializer), hex.formatHex(bytes), initializer);
        });
    }

    private Map<String, String> runAgainstHeader() throws IOException, InterruptedException {
        String include = System.getProperty("shadowtrace.uapi.include", "/usr/include");
        assumeTrue(Files.exists(Path.of(include, "linux", "bpf.h")), "no linux/bpf.h in " + include);
        assumeTrue(succeeds(new ProcessBuilder("gcc", "--version")), "gcc not available");

        StringBuilder c = new StringBuilder("""
            #include <linux/bpf.h>
            #include <stdio.h>
            static void dump(const char *name, const struct bpf_insn *insns, int n) {
              const unsigned char *b = (const unsigned char *)insns;
              printf("%s\\t", name);
              for (int i = 0; i < n * (int)sizeof(struct bpf_insn); i++) printf("%02x", b[i]);
              printf("\\n");
            }
            int main(void) {
            """);
        for (String expr : constants().keySet()) {
            c.append(String.format("  printf(\"%%s\\t%%lld\\n\", \"%s\", (long long)(%s));%n",
                    expr, expr));
        }
        for (String init : instructions().keySet()) {
            c.append(String.format("  { struct bpf_insn i[] = {%s};"
                    + " dump(\"%s\", i, sizeof i / sizeof i[0]); }%n", init, init.replace("\"", "\\\"")));
        }
        c.append("  return 0;\n}\n");
        Path source = dir.resolve("check.c");
        Path binary = dir.resolve("check");
        Files.writeString(source, c);
        ProcessBuilder compile = new ProcessBuilder("gcc", "-std=gnu11", "-I", include, "-o",
                binary.toString(), source.toString());
        assertEquals(0, run(compile, dir.resolve("gcc.log")), () -> read(dir.resolve("gcc.log")));
        Path output = dir.resolve("out.txt");
        assertEquals(0, run(new ProcessBuilder(binary.toString()), output));
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : Files.readAllLines(output)) {
            String[] parts = line.split("\t", 2);
            results.put(parts[0], parts[1]);
        }
        return results;
    }

    private static boolean succeeds(ProcessBuilder pb) {
        try {
            Process p = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int run(ProcessBuilder pb, Path log) throws IOException, InterruptedException {
        return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
