package dev.shadowtrace.shell.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.CompiledScript;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * bpftrace's {@code kstack} end to end: the compiled programs run in the simulator, which returns
 * the ids bpf_get_stackid would; the output looks each id up in the {@code stacks} map and names
 * the frames from kallsyms, as for DTrace's {@code stack()}.
 */
class KstackOutputTest {
    private static final String SCRIPT = """
            fbt::vfs_read:entry { @[kstack] = count(); }
            fbt::vfs_write:entry { printf("write:%s", kstack); }
            """;

    private final CompiledScript script = Fixture.compile(SCRIPT);
    private final SimKernel kernel = new SimKernel(script, 2);

    /** Stack 3 read three times over both CPUs, one read whose stack was not recorded, one write. */
    private List<ByteBuffer> run() {
        kernel.stack(3, Fixture.VFS_READ + 5, Fixture.KERN_PATH + 0x1c, Fixture.VFS_WRITE);
        kernel.stack(8, Fixture.VFS_WRITE + 0x10);
        kernel.cpu(0).stackId = 3;
        kernel.cpu(1).stackId = 3;
        kernel.fire(0, 1, Map.of());
        kernel.fire(1, 1, Map.of());
        kernel.fire(0, 1, Map.of());
        kernel.cpu(1).stackId = -17;
        kernel.fire(1, 1, Map.of());
        kernel.cpu(1).stackId = 8;
        kernel.fire(1, 2, Map.of());
        return kernel.takeRecords();
    }

    @Test
    void keysAndPrintfPrintTheFrames() throws IOException {
        StringWriter text = new StringWriter();
        ScriptOutput out = Fixture.output(script, kernel, text, false);
        for (ByteBuffer record : run()) {
            out.onEvent(record);
        }
        assertEquals("write:\nvfs_write+0x10\n", text.toString());
        text.getBuffer().setLength(0);
        out.end();
        assertEquals("\n"
                + "\n"
                + "              <stack not recorded: EEXIST>\n"
                + "                1\n"
                + "\n"
                + "              vfs_read+0x5\n"
                + "              kern_path+0x1c\n"
                + "              vfs_write\n"
                + "                3\n", text.toString());
    }

    @Test
    void jsonKeysAreTheFramesAndPrintfTheText() throws IOException {
        List<Object> lines = Fixture.jsonLines(script, kernel, run());
        assertEquals(List.of(
                SimulatedKernelTest.message("printf", "write:\nvfs_write+0x10\n"),
                SimulatedKernelTest.message("map", Map.of("@", Map.of(
                        "<stack not recorded: EEXIST>", 1L,
                        "vfs_read+0x5\nkern_path+0x1c\nvfs_write", 3L)))), lines);
    }

    @Test
    void printaTakesTheStackAsAKeyConversion() throws IOException {
        CompiledScript printa = Fixture.compile("""
                fbt::vfs_read:entry { @[kstack, pid] = count(); }
                END { printa("%k pid %d: %@d\\n", @); }
                """);
        SimKernel sim = new SimKernel(printa, 1);
        sim.stack(3, Fixture.VFS_READ + 5, Fixture.KERN_PATH);
        sim.cpu(0).stackId = 3;
        sim.fire(0, 1, Map.of());
        StringWriter text = new StringWriter();
        Fixture.output(printa, sim, text, false).end();
        assertEquals("\nvfs_read+0x5\nkern_path\n pid 1000: 1\n", text.toString());
    }
}
