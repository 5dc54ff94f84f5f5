package dev.shadowtrace.shell.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.CompiledScript;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code --folded}: stack aggregations as flame graph input; other maps print as usual. */
class FoldedOutputTest {
    private static final String SCRIPT = """
            fbt::vfs_read:entry { @[execname, kstack] = count(); @n = count(); }
            """;

    @Test
    void stackAggregationsPrintOneFoldedLinePerStackOutermostFrameFirst() throws IOException {
        CompiledScript script = Fixture.compile(SCRIPT);
        SimKernel kernel = new SimKernel(script, 2);
        // Two stacks that differ only in the offsets within their functions: one folded line.
        kernel.stack(3, Fixture.VFS_READ + 5, Fixture.KERN_PATH + 0x1c, Fixture.VFS_WRITE);
        kernel.stack(4, Fixture.VFS_READ + 9, Fixture.KERN_PATH + 0x20, Fixture.VFS_WRITE);
        kernel.stack(8, Fixture.VFS_WRITE + 0x10);
        kernel.cpu(0).stackId = 3;
        kernel.fire(0, 1, Map.of());
        kernel.fire(0, 1, Map.of());
        kernel.cpu(1).stackId = 4;
        kernel.fire(1, 1, Map.of());
        kernel.cpu(1).stackId = 8;
        kernel.fire(1, 1, Map.of());
        StringWriter text = new StringWriter();
        new ScriptOutput(script, kernel, new PrintWriter(text), ScriptOutput.Format.FOLDED, () -> Fixture.SYMBOLS,
                new Fixture.FixedEnvironment(5000, 3)).end();
        // In the order of each line's first row: by value, smallest first, ties by stack id (4 before 8).
        assertEquals("\n"
                + "bash;vfs_write;kern_path;vfs_read 3\n"
                + "bash;vfs_write 1\n"
                + "                4\n", text.toString());
    }

    /** kstack(perf, 2) folds as kstack does: the function names, without the perf layout's addresses. */
    @Test
    void perfStacksFoldToTheirFunctions() throws IOException {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { @[kstack(perf, 2)] = count(); }");
        SimKernel kernel = new SimKernel(script, 1);
        kernel.stack(3, Fixture.VFS_READ + 5, Fixture.KERN_PATH + 0x1c);
        kernel.cpu(0).stackId = 3;
        kernel.fire(0, 1, Map.of());
        StringWriter text = new StringWriter();
        new ScriptOutput(script, kernel, new PrintWriter(text), ScriptOutput.Format.FOLDED, () -> Fixture.SYMBOLS,
                new Fixture.FixedEnvironment(5000, 3)).end();
        assertEquals("\nkern_path;vfs_read 1\n", text.toString());
    }
}
