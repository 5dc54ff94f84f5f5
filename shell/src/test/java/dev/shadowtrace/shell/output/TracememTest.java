package dev.shadowtrace.shell.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.CompiledScript;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * tracemem() from the kernel program to the text: the bytes read as buf() reads them, printed as DTrace's
 * dt_print_rawbytes prints them, cut to the constant count and to the optional size argument.
 */
class TracememTest {
    private static final long DATA = 0xffff888000700000L;
    private static final String HEADER = "\n             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef\n";

    @Test
    void dumpLayoutAsDtrace() {
        byte[] bytes = new byte[20];
        byte[] text = "/etc/passwd".getBytes();
        System.arraycopy(text, 0, bytes, 0, text.length);
        bytes[16] = (byte) 0xff;
        bytes[17] = 0x7f;
        bytes[18] = '~';
        bytes[19] = ' ';
        assertEquals(HEADER
                + "         0: 2f 65 74 63 2f 70 61 73 73 77 64 00 00 00 00 00  /etc/passwd.....\n"
                + "        10: ff 7f 7e 20                                      ..~ \n",
                HexDump.of(bytes, 20, -1));
        assertEquals(HEADER + "         0: 2f 65 74                                         /et\n",
                HexDump.of(bytes, 20, 3));
        assertEquals(HEADER + "         0: 2f 65                                            /e\n",
                HexDump.of(bytes, 2, 30));
        assertEquals("", HexDump.of(bytes, 20, 0));
    }

    @Test
    void kernelMemoryABufferAndASize() throws IOException {
        CompiledScript script = Fixture.compile("""
                fbt::vfs_read:entry { tracemem(arg0, 18); tracemem(arg0, 18, arg1); tracemem(copyin(arg0, 4), 2); }
                """);
        SimKernel kernel = new SimKernel(script, 1);
        byte[] bytes = "0123456789abcdefXY".getBytes();
        kernel.cpu(0).kernelBytes(DATA, bytes);
        kernel.cpu(0).userBytes(DATA, new byte[] {'u', 's', 'e', 'r'});
        kernel.fire(0, 1, Map.of(SimKernel.DI, DATA, SimKernel.SI, 5L));
        assertEquals(HEADER
                + "         0: 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66  0123456789abcdef\n"
                + "        10: 58 59                                            XY\n"
                + HEADER
                + "         0: 30 31 32 33 34                                   01234\n"
                + HEADER
                + "         0: 75 73                                            us\n",
                Fixture.printed(script, kernel, kernel.takeRecords(), false));
    }
}
