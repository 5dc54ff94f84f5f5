package dev.shadowtrace.shell.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.runtime.aggregate.Value;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Buffer values from the kernel programs to the text: {@code %r} as bpftrace prints buffers
 * (printable ASCII as is, other bytes {@code \xNN}), {@code %s} and stringof() up to the first NUL,
 * and buffers as map keys and values in print() output and JSON.
 */
class BufferOutputTest {
    private static final long DATA = 0xffff888000700000L;
    private static final byte[] BYTES = {'h', 'i', 0, 1, (byte) 0xff, '\n', '~', ' '};

    @Test
    void escapedAsBpftraceDoes() {
        assertEquals("hi\\x00\\x01\\xff\\x0a~ ", new Value.Buf(BYTES).escaped());
        assertEquals("hi", new Value.Buf(BYTES).text());
        assertEquals("", new Value.Buf(new byte[0]).escaped());
    }

    /** bpftrace's %rx and %rh (its runtime tests: buf("Hello\0", 6) prints \x48\x65\x6c\x6c\x6f\x00 and 48 65 6c 6c 6f 00). */
    @Test
    void hexAsBpftraceDoes() throws IOException {
        byte[] hello = {'H', 'e', 'l', 'l', 'o', 0};
        assertEquals("\\x48\\x65\\x6c\\x6c\\x6f\\x00", new Value.Buf(hello).hex());
        assertEquals("48 65 6c 6c 6f 00", new Value.Buf(hello).hexSpaced());
        assertEquals("", new Value.Buf(new byte[0]).hexSpaced());
        CompiledScript script = Fixture.compile("""
                fbt::vfs_read:entry { printf("[%rx] [%rh] [%-8rh] [%rhello]\\n", buf(arg0, 3), buf(arg0, 3), buf(arg0, 1),
                    buf(arg0, 2)); }
                """);
        SimKernel kernel = new SimKernel(script, 1);
        kernel.cpu(0).kernelBytes(DATA, BYTES);
        kernel.fire(0, 1, Map.of(SimKernel.DI, DATA));
        assertEquals("[\\x68\\x69\\x00] [68 69 00] [68      ] [68 69ello]\n",
                Fixture.printed(script, kernel, kernel.takeRecords(), false));
    }

    @Test
    void printfKeysAndValues() throws IOException {
        CompiledScript script = Fixture.compile("""
                fbt::vfs_read:entry { printf("[%r] [%s] [%4s] [%-4r]\\n", buf(arg0, 8), buf(arg0, 8),
                    stringof(buf(arg0, 8)), buf(arg0, 1)); @k[buf(arg0, 5)] = count(); @v = copyin(arg0, 2); }
                """);
        SimKernel kernel = new SimKernel(script, 1);
        kernel.cpu(0).kernelBytes(DATA, BYTES);
        kernel.cpu(0).userBytes(DATA, new byte[] {'o', 'k'});
        kernel.fire(0, 1, Map.of(SimKernel.DI, DATA));
        assertEquals("[hi\\x00\\x01\\xff\\x0a~ ] [hi] [  hi] [h   ]\n\n"
                + "  hi\\x00\\x01\\xff" + " ".repeat(52) + "1\n"
                + "  ok" + " ".repeat(48) + "\n",
                Fixture.printed(script, kernel, kernel.takeRecords(), false));
    }
}
