package dev.shadowtrace.shell.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.runtime.aggregate.Distribution;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/**
 * The compiled programs run in the compiler's BPF simulator on two CPUs; the output reads the
 * records and maps they wrote, so what is decoded here is what the generated code stores.
 */
class SimulatedKernelTest {
    private static final String SCRIPT = """
            fbt::vfs_read:entry
            {
                @c[execname] = count(); @s = sum(arg2); @mn = min(arg2); @mx = max(arg2); @a = avg(arg2);
                @q = quantize(arg2); @l = lquantize(arg2, 0, 100, 10);
                printf("%s read %d in %s\\n", execname, arg2, probefunc);
            }
            fbt::vfs_write:entry { @st[stack(), probename] = count(); trace(probefunc); exit(2); }
            """;

    private final CompiledScript script = Fixture.compile(SCRIPT);
    private final SimKernel kernel = new SimKernel(script, 2);

    /** Reads of 5 and 50 on CPU 0, -3 and 250 on CPU 1, then a write on CPU 1. */
    private List<ByteBuffer> run() {
        kernel.fire(0, 1, Map.of(SimKernel.DX, 5L, SimKernel.IP, Fixture.VFS_READ));
        kernel.fire(0, 1, Map.of(SimKernel.DX, 50L, SimKernel.IP, Fixture.VFS_READ));
        kernel.fire(1, 1, Map.of(SimKernel.DX, -3L, SimKernel.IP, Fixture.VFS_READ));
        kernel.fire(1, 1, Map.of(SimKernel.DX, 250L, SimKernel.IP, Fixture.VFS_READ));
        kernel.stack(kernel.cpu(1).stackId, Fixture.VFS_WRITE + 0x10, Fixture.KERN_PATH + 4);
        kernel.fire(1, 2, Map.of(SimKernel.IP, Fixture.VFS_WRITE));
        return kernel.takeRecords();
    }

    @Test
    void textOutput() throws IOException {
        StringWriter text = new StringWriter();
        ScriptOutput out = Fixture.output(script, kernel, text, false);
        List<OptionalInt> exits = new ArrayList<>();
        for (ByteBuffer record : run()) {
            exits.add(out.onEvent(record));
        }
        assertEquals(List.of(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.of(2)), exits);
        assertEquals("bash read 5 in vfs_read\n"
                + "bash read 50 in vfs_read\n"
                + "bash read -3 in vfs_read\n"
                + "bash read 250 in vfs_read\n"
                + "vfs_write\n", text.toString());
        text.getBuffer().setLength(0);
        out.end();
        assertEquals("\n"
                + "  bash                                                              4\n"
                + "              302\n"
                + "               -3\n"
                + "              250\n"
                + "               75\n"
                + "\n"
                + "           value  ------------- Distribution ------------- count    \n"
                + "              -8 |                                         0        \n"
                + "              -4 |@@@@@@@@@@                               1        \n"
                + "              -2 |                                         0        \n"
                + "              -1 |                                         0        \n"
                + "               0 |                                         0        \n"
                + "               1 |                                         0        \n"
                + "               2 |                                         0        \n"
                + "               4 |@@@@@@@@@@                               1        \n"
                + "               8 |                                         0        \n"
                + "              16 |                                         0        \n"
                + "              32 |@@@@@@@@@@                               1        \n"
                + "              64 |                                         0        \n"
                + "             128 |@@@@@@@@@@                               1        \n"
                + "             256 |                                         0        \n"
                + "\n"
                + "\n"
                + "           value  ------------- Distribution ------------- count    \n"
                + "             < 0 |@@@@@@@@@@                               1        \n"
                + "               0 |@@@@@@@@@@                               1        \n"
                + "              10 |                                         0        \n"
                + "              20 |                                         0        \n"
                + "              30 |                                         0        \n"
                + "              40 |                                         0        \n"
                + "              50 |@@@@@@@@@@                               1        \n"
                + "              60 |                                         0        \n"
                + "              70 |                                         0        \n"
                + "              80 |                                         0        \n"
                + "              90 |                                         0        \n"
                + "          >= 100 |@@@@@@@@@@                               1        \n"
                + "\n"
                + "\n"
                + "              vfs_write+0x10\n"
                + "              kern_path+0x4\n"
                + "  entry                                                             1\n", text.toString());
    }

    @Test
    void jsonLinesParseBack() throws IOException {
        List<Object> lines = Fixture.jsonLines(script, kernel, run());
        List<Object> expected = List.of(
                message("printf", "bash read 5 in vfs_read\n"),
                message("printf", "bash read 50 in vfs_read\n"),
                message("printf", "bash read -3 in vfs_read\n"),
                message("printf", "bash read 250 in vfs_read\n"),
                message("value", "vfs_write"),
                message("exit", 2L),
                message("map", Map.of("@c", Map.of("bash", 4L))),
                message("map", Map.of("@s", 302L)),
                message("map", Map.of("@mn", -3L)),
                message("map", Map.of("@mx", 250L)),
                message("map", Map.of("@a", 75L)),
                message("hist", Map.of("@q", List.of(bucket(-4, -3, 1), bucket(-2, -2, 0), bucket(-1, -1, 0),
                        bucket(0, 0, 0), bucket(1, 1, 0), bucket(2, 3, 0), bucket(4, 7, 1), bucket(8, 15, 0),
                        bucket(16, 31, 0), bucket(32, 63, 1), bucket(64, 127, 0), bucket(128, 255, 1)))),
                message("hist", Map.of("@l", List.of(Map.of("max", -1L, "count", 1L), bucket(0, 9, 1),
                        bucket(10, 19, 0), bucket(20, 29, 0), bucket(30, 39, 0), bucket(40, 49, 0), bucket(50, 59, 1),
                        bucket(60, 69, 0), bucket(70, 79, 0), bucket(80, 89, 0), bucket(90, 99, 0),
                        Map.of("min", 100L, "count", 1L)))),
                message("map", Map.of("@st", Map.of("vfs_write+0x10\nkern_path+0x4,entry", 1L))));
        assertEquals(expected, lines);
    }

    static Map<String, Object> message(String type, Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("data", data);
        return m;
    }

    private static Map<String, Object> bucket(long min, long max, long count) {
        return Map.of("min", min, "max", max, "count", count);
    }
}
