package dev.shadowtrace.shell.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.CompiledScript;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * stats(), print(@m, n), delete() and ksym() from the generated code, run in the BPF simulator on
 * two CPUs, to what the tracer prints.
 */
class LanguageGapsOutputTest {

    @Test
    void statsMergesCpusIntoCountAvgSumMinMax() throws IOException {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { @s[execname] = stats(arg2); }");
        SimKernel kernel = new SimKernel(script, 2);
        kernel.fire(0, 1, Map.of(SimKernel.DX, 5L));
        kernel.fire(0, 1, Map.of(SimKernel.DX, 50L));
        kernel.fire(1, 1, Map.of(SimKernel.DX, -3L));
        kernel.fire(1, 1, Map.of(SimKernel.DX, 250L));
        List<ByteBuffer> records = kernel.takeRecords();
        assertEquals("\n  bash                                                count 4  avg 75  sum 302  min -3"
                + "  max 250\n", Fixture.printed(script, kernel, records, false));
        assertEquals(List.of(Map.of("type", "map", "data", Map.of("@s", Map.of("bash",
                Map.of("count", 4L, "avg", 75L, "sum", 302L, "min", -3L, "max", 250L))))),
                Fixture.jsonLines(script, kernel, records));
    }

    @Test
    void statsOfOneCpuOnly() throws IOException {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { @s = stats(arg2); }");
        SimKernel kernel = new SimKernel(script, 2);
        kernel.fire(1, 1, Map.of(SimKernel.DX, 7L));
        kernel.fire(1, 1, Map.of(SimKernel.DX, 9L));
        assertEquals("\n  count 2  avg 8  sum 16  min 7  max 9\n",
                Fixture.printed(script, kernel, kernel.takeRecords(), false));
    }

    @Test
    void printTopNPrintsTheLargestValues() throws IOException {
        CompiledScript script = Fixture.compile("""
                fbt::vfs_read:entry { @c[arg2] = count(); }
                fbt::vfs_write:entry { print(@c, 2); }
                """);
        SimKernel kernel = new SimKernel(script, 1);
        for (long size : new long[] {1, 2, 2, 3, 3, 3, 4}) {
            kernel.fire(0, 1, Map.of(SimKernel.DX, size));
        }
        kernel.fire(0, 2, Map.of());
        assertEquals("\n                2                2\n                3                3\n",
                Fixture.printed(script, kernel, kernel.takeRecords(), false));
    }

    @Test
    void deletedElementsAreNotPrinted() throws IOException {
        CompiledScript script = Fixture.compile("""
                fbt::vfs_read:entry { @c[arg2] = count(); @last[arg2] = arg2; }
                fbt::vfs_write:entry { delete(@c[arg2]); delete(@last, arg2); }
                """);
        SimKernel kernel = new SimKernel(script, 1);
        kernel.fire(0, 1, Map.of(SimKernel.DX, 1L));
        kernel.fire(0, 1, Map.of(SimKernel.DX, 2L));
        kernel.fire(0, 2, Map.of(SimKernel.DX, 1L));
        assertEquals("\n                2                1\n                2                2\n",
                Fixture.printed(script, kernel, kernel.takeRecords(), false));
    }

    @Test
    void ksymPrintsTheFunctionName() throws IOException {
        CompiledScript script = Fixture.compile(
                "fbt::vfs_read:entry { printf(\"%s\\n\", ksym(arg0)); @[ksym(arg0)] = count(); }");
        SimKernel kernel = new SimKernel(script, 1);
        kernel.fire(0, 1, Map.of(SimKernel.DI, Fixture.VFS_WRITE + 0x10));
        assertEquals("vfs_write\n\n  vfs_write                                                         1\n",
                Fixture.printed(script, kernel, kernel.takeRecords(), false));
    }

    @Test
    void llquantizePrintsLogLinearBuckets() throws IOException {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { @l = llquantize(arg2, 10, 0, 2, 20); }");
        SimKernel kernel = new SimKernel(script, 2);
        for (long v : new long[] {3, 12, 14, 17}) {
            kernel.fire(0, 1, Map.of(SimKernel.DX, v));
        }
        kernel.fire(1, 1, Map.of(SimKernel.DX, 5000L));
        List<String> lines = List.of(Fixture.printed(script, kernel, kernel.takeRecords(), false).split("\n"));
        // 3 in 3's bucket, 12 and 14 in [10, 15), 17 in [15, 20), 5000 (CPU 1) in >= 1000; rows from the one
        // below the first non-empty bucket (2) to the last (>= 1000): 2..9, 10..95 by 5, 100..950 by 50
        assertEquals("           value  ------------- Distribution ------------- count    ", lines.get(2));
        assertEquals("               2 |                                         0        ", lines.get(3));
        assertEquals("               3 |@@@@@@@@                                 1        ", lines.get(4));
        assertEquals("              10 |@@@@@@@@@@@@@@@@                         2        ", lines.get(11));
        assertEquals("              15 |@@@@@@@@                                 1        ", lines.get(12));
        assertEquals("             950 |                                         0        ", lines.get(lines.size() - 2));
        assertEquals("         >= 1000 |@@@@@@@@                                 1        ", lines.get(lines.size() - 1));
        assertEquals(3 + 8 + 18 + 18 + 1, lines.size());
    }
}
