package dev.shadowtrace.shell.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.codegen.DataPlan;
import dev.shadowtrace.runtime.aggregate.Value;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * printf() conversions. The expected strings of the integer and string cases are what glibc's
 * printf prints for the same format (checked with gcc), except where DTrace's rules differ: every
 * integer is 64-bit, so {@code %x} of -1 has 16 digits, and {@code %p} is plain hex.
 */
class PrintfTest {
    private final CompiledScript script =
            Fixture.compile("fbt::vfs_read:entry { @[stack()] = count(); printf(\"%s\", probename);"
                    + " @p[kstack(perf, 3)] = count(); @r[kstack(raw)] = count(); }");
    private final FakeMaps maps = new FakeMaps(script.maps(), 2);
    private final KernelNames names = new KernelNames(script, () -> Fixture.SYMBOLS);
    private final Printf printf = new Printf(names, new Stacks(maps, names));

    private String format(String format, Object... args) throws IOException {
        return printf.format(format, Arrays.stream(args).map(PrintfTest::value).toList());
    }

    private static Value value(Object o) {
        if (o instanceof Value v) {
            return v;
        }
        return o instanceof String s ? new Value.Str(s) : new Value.Int(((Number) o).longValue());
    }

    @Test
    void widthsFlagsAndPrecisionOfDecimals() throws IOException {
        assertEquals("[   42][42   ][-0042][+5][ 5][007][][     007]",
                format("[%5d][%-5d][%05d][%+d][% d][%.3d][%.0d][%08.3d]", 42, 42, -42, 5, 5, 7, 0, 7));
        assertEquals("[ 0042][+42][ 42  ][+7    ][-9223372036854775808][9223372036854775807]",
                format("[% 05d][%+ d][%- 5d][%-+6d][%d][%i]", 42, 42, 42, 7, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void unsignedHexAndOctalPrintAll64Bits() throws IOException {
        assertEquals("[0xff][0][010][0][ffffffffffffffff][18446744073709551615][1777777777777777777777]",
                format("[%#x][%#x][%#o][%#o][%x][%u][%o]", 255, 0, 8, 0, -1, -1, -1));
        assertEquals("[0XFF][5][5][42      ][+0042][010][ 0xff][0x0ff][][0][][00a][0x00a]",
                format("[%#X][%+u][% x][%-08d][%+05d][%#.3o][%#5x][%#05x][%.0x][%#.0o][%#.0x][%.3x][%#.3x]",
                        255, 5, 5, 42, 42, 8, 255, 255, 0, 0, 0, 10, 10));
    }

    @Test
    void lengthModifiersAreAcceptedAndIgnored() throws IOException {
        assertEquals("-1 18446744073709551615 fffffffffffffffe ff -1 -1 -1",
                format("%ld %lu %llx %lx %hhd %zd %jd", -1, -1, -2, 255, -1, -1, -1));
    }

    @Test
    void pointersPrintInHexAsInDTrace() throws IOException {
        assertEquals("ffffffff8bd669e0 0xffffffff8bd669e0 0",
                format("%p %#p %p", Fixture.VFS_READ, Fixture.VFS_READ, 0));
    }

    @Test
    void stringsAndCharacters() throws IOException {
        assertEquals("[   ab][ab   ][a][   ab][A][    A][A  ][abc][        ab]",
                format("[%5s][%-5s][%.1s][%05s][%c][%5c][%-3c][%.5s][%10.2s]",
                        "ab", "ab", "ab", "ab", 65, 65, 65, "abc", "abcdef"));
        assertEquals("100% done, %d literally", format("100%% done, %%d literally"));
        assertEquals("[]", format("[%s]", ""));
    }

    @Test
    void probefuncPrintsTheNameOfTheFunctionHoldingTheAddress() throws IOException {
        assertEquals("[vfs_read  ][vfs_read][  kern_path][0x1234][]", format("[%-10s][%s][%11s][%s][%s]",
                new Value.Symbol(Fixture.VFS_READ), new Value.Symbol(Fixture.VFS_READ + 0x10),
                new Value.Symbol(Fixture.KERN_PATH), new Value.Symbol(0x1234), new Value.Symbol(0)));
    }

    @Test
    void probenamePrintsTheProbeName() throws IOException {
        assertEquals("entry|BEGIN", format("%s|%s", new Value.ProbeName(0), new Value.Str("BEGIN")));
    }

    @Test
    void stacksPrintOneFramePerLineAfterANewline() throws IOException {
        putStack(5, Fixture.VFS_READ + 0x1a, Fixture.KERN_PATH, 0x10);
        Value stack = new Value.Stack(5);
        assertEquals("<\nvfs_read+0x1a\nkern_path\n0x10\n>", format("<%k>", stack));
        assertEquals("\nvfs_read+0x1a\nkern_path\n0x10\n", format("%s", stack));
        assertEquals("\n    vfs_read+0x1a\n    kern_path\n    0x10\n", format("%-4k", stack));
        assertEquals("\n vfs_read+0x1a\n     kern_path\n          0x10\n", format("%14k", stack));
    }

    @Test
    void aStackThatWasNotRecordedSaysWhy() throws IOException {
        assertEquals("\n<stack not recorded: EFAULT>\n", format("%k", new Value.Stack(-14)));
        assertEquals("\n<stack 9 is not in the stacks map>\n", format("%k", new Value.Stack(9)));
    }

    /**
     * kstack(perf, 3): bpftrace's perf layout, a tab, the address and the frame, never indented, from the
     * 3-frame map; kstack(raw): the addresses. The shape is in the value's tag (StackValues).
     */
    @Test
    void perfAndRawStacksPrintAsBpftraceDoes() throws IOException {
        ByteBuffer three = ByteBuffer.allocate(8 * 3).order(ByteOrder.LITTLE_ENDIAN);
        three.putLong(Fixture.VFS_READ + 0x1a).putLong(Fixture.KERN_PATH).putLong(0x10);
        maps.put("stacks_3", FakeMaps.le32(6), three.array());
        long perf3 = 6 | (1L << 40) | (3L << 32);
        String read = Long.toHexString(Fixture.VFS_READ + 0x1a);
        String path = Long.toHexString(Fixture.KERN_PATH);
        String perf = "\n\t" + read + " vfs_read+0x1a\n\t" + path + " kern_path\n\t10 0x10\n";
        assertEquals(perf, format("%k", new Value.Stack(perf3)));
        assertEquals(perf, format("%-8k", new Value.Stack(perf3)));
        assertEquals(perf, printf.stack(new Value.Stack(perf3), 14));
        putStack(5, Fixture.VFS_READ + 0x1a, Fixture.KERN_PATH);
        assertEquals("\n" + read + "\n" + path + "\n", format("%k", new Value.Stack(5 | (2L << 40))));
        assertEquals("\n<stack 9 is not in the stacks_3 map>\n", format("%k", new Value.Stack(9 | (3L << 32))));
    }

    @Test
    void moreConversionsThanArgumentsIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> format("%d %d", 1));
    }

    private void putStack(int id, long... frames) throws IOException {
        ByteBuffer value = ByteBuffer.allocate(8 * DataPlan.STACK_DEPTH).order(ByteOrder.LITTLE_ENDIAN);
        for (long frame : frames) {
            value.putLong(frame);
        }
        maps.put(DataPlan.STACKS, FakeMaps.le32(id), value.array());
    }

    @Test
    void formatsParseIntoLiteralsAndConversions() {
        List<Object> pieces = PrintfFormat.parse("a%%b%-08.3lld%@uc").pieces();
        assertEquals(4, pieces.size());
        assertEquals("a%b", pieces.get(0));
        assertEquals(new Conversion("%-08.3lld", 'd', true, false, false, false, true, false, 8, 3), pieces.get(1));
        assertEquals(new Conversion("%@u", 'u', false, false, false, false, false, true, 0, -1), pieces.get(2));
        assertEquals("c", pieces.get(3));
    }
}
