package dev.shadowtrace.runtime.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the {@code union bpf_attr} layout, the command numbers and the other kernel constants of
 * this package against {@code offsetof}, {@code sizeof} and the constants as gcc computes them
 * from {@code linux/bpf.h}. The header directory is {@code -Dshadowtrace.uapi.include=DIR} (e.g.
 * {@code include/uapi} of the 6.1 kernel source) or else {@code /usr/include}, which on Debian 12
 * is linux-libc-dev 6.1. Skipped without gcc or header.
 */
class BpfAttrLayoutTest {

    @TempDir
    Path dir;

    /** The fields used by each command: none may overlap another of the same command. */
    private static final List<Set<BpfAttrField>> COMMANDS = List.of(
            EnumSet.range(BpfAttrField.MAP_TYPE, BpfAttrField.MAP_NAME),
            EnumSet.of(BpfAttrField.MAP_FD, BpfAttrField.KEY, BpfAttrField.VALUE, BpfAttrField.ELEM_FLAGS),
            EnumSet.of(BpfAttrField.MAP_FD, BpfAttrField.KEY, BpfAttrField.NEXT_KEY, BpfAttrField.ELEM_FLAGS),
            EnumSet.range(BpfAttrField.PROG_TYPE, BpfAttrField.PROG_NAME));

    @Test
    void fieldsAreAlignedDisjointAndInsideTheUnion() {
        for (BpfAttrField f : BpfAttrField.values()) {
            assertTrue(f.offset() + f.size() <= BpfAttr.SIZE, f.name());
            if (f.size() == 4 || f.size() == 8) {
                assertEquals(0, f.offset() % f.size(), f + " misaligned");
            }
        }
        for (Set<BpfAttrField> fields : COMMANDS) {
            for (BpfAttrField a : fields) {
                for (BpfAttrField b : fields) {
                    boolean overlap = a.offset() < b.offset() + b.size() && b.offset() < a.offset() + a.size();
                    assertTrue(a == b || !overlap, a + " overlaps " + b);
                }
            }
        }
    }

    @Test
    void layoutAndConstantsMatchTheKernelHeader() throws Exception {
        Map<String, Long> expected = new LinkedHashMap<>();
        for (BpfAttrField f : BpfAttrField.values()) {
            expected.put("offsetof(union bpf_attr, " + f.cName() + ")", (long) f.offset());
            expected.put("sizeof(((union bpf_attr *)0)->" + f.cName() + ")", (long) f.size());
        }
        expected.put("sizeof(union bpf_attr)", (long) BpfAttr.SIZE);
        for (BpfCommand c : BpfCommand.values()) {
            expected.put(c.kernelName(), (long) c.value());
        }
        expected.put("BPF_MAP_TYPE_HASH", (long) BpfMap.HASH);
        expected.put("BPF_MAP_TYPE_ARRAY", (long) BpfMap.ARRAY);
        expected.put("BPF_MAP_TYPE_PERCPU_HASH", (long) BpfMap.PERCPU_HASH);
        expected.put("BPF_MAP_TYPE_PERCPU_ARRAY", (long) BpfMap.PERCPU_ARRAY);
        expected.put("BPF_MAP_TYPE_STACK_TRACE", (long) BpfMap.STACK_TRACE);
        expected.put("BPF_MAP_TYPE_LRU_PERCPU_HASH", (long) BpfMap.LRU_PERCPU_HASH);
        expected.put("BPF_MAP_TYPE_RINGBUF", (long) BpfMap.RINGBUF);
        expected.put("BPF_ANY", BpfMap.ANY);
        expected.put("BPF_NOEXIST", BpfMap.NOEXIST);
        expected.put("BPF_EXIST", BpfMap.EXIST);
        expected.put("BPF_PROG_TYPE_KPROBE", (long) BpfProgram.KPROBE);
        expected.put("sizeof(struct bpf_insn)", (long) BpfProgram.INSN_BYTES);
        expected.put("BPF_OBJ_NAME_LEN - 1", (long) ObjectNames.MAX_LENGTH);
        expected.put("__NR_bpf", BpfSyscall.SYS_BPF_X86_64);

        Map<String, String> actual = evaluateInC(expected.keySet());
        expected.forEach((expr, ours) -> assertEquals(actual.get(expr), Long.toString(ours), expr));
    }

    private Map<String, String> evaluateInC(Set<String> expressions) throws IOException, InterruptedException {
        String include = System.getProperty("shadowtrace.uapi.include", "/usr/include");
        assumeTrue(Files.exists(Path.of(include, "linux", "bpf.h")), "no linux/bpf.h in " + include);
        assumeTrue(gccWorks(), "gcc not available");
        StringBuilder c = new StringBuilder("""
                #include <linux/bpf.h>
                #include <stddef.h>
                #include <stdio.h>
                #include <sys/syscall.h>
                int main(void) {
                """);
        for (String expr : expressions) {
            c.append("  printf(\"%s\\t%lld\\n\", \"").append(expr).append("\", (long long)(").append(expr)
                    .append("));\n");
        }
        c.append("  return 0;\n}\n");
        Path source = dir.resolve("layout.c");
        Path binary = dir.resolve("layout");
        Path log = dir.resolve("gcc.log");
        Files.writeString(source, c);
        int status = new ProcessBuilder("gcc", "-I", include, "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
        assertEquals(0, status, Files.readString(log));
        Path out = dir.resolve("out.txt");
        assertEquals(0, new ProcessBuilder(binary.toString()).redirectOutput(out.toFile()).start().waitFor());
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out)) {
            String[] parts = line.split("\t", 2);
            values.put(parts[0], parts[1]);
        }
        return values;
    }

    private static boolean gccWorks() {
        try {
            return new ProcessBuilder("gcc", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
