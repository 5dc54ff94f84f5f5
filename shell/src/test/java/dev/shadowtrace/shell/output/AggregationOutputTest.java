package dev.shadowtrace.shell.output;

import static dev.shadowtrace.shell.output.FakeMaps.perCpu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.runtime.aggregate.Distribution;

import java.io.IOException;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/**
 * What end() prints for each kind of map, from per-CPU values written by hand in the layouts of
 * compiler/README.md ("Maps"), on two CPUs. The expected text is DTrace's: keys as {@code "  %-50s"}
 * or {@code " %16d"}, the value as {@code " %16d"} or a histogram, rows sorted by value.
 */
class AggregationOutputTest {
    private static final byte[] NO_KEY = Bytes.of(0);

    private final StringWriter text = new StringWriter();

    private String bpfName(CompiledScript script, String map) {
        MapDescriptor d = script.mapDescriptors().stream().filter(m -> m.name().equals(map)).findFirst().orElseThrow();
        return d.spec().name();
    }

    @Test
    void countSumMinMaxAvgAndPlainMapsPrintAsDTraceDoes() throws IOException {
        CompiledScript script = Fixture.compile("""
                fbt::vfs_read:entry
                {
                    @c[execname, arg1] = count(); @s = sum(arg2); @mn[probefunc] = min(arg2);
                    @mx[probename] = max(arg2); @a = avg(arg2); @m[arg1] = arg2;
                }
                """);
        FakeMaps maps = new FakeMaps(script.maps(), 2);
        String c = bpfName(script, "@c");
        maps.put(c, Bytes.of("bash", 7), perCpu(new long[] {3}, new long[] {9}));
        maps.put(c, Bytes.of("sshd", 7), perCpu(new long[] {0}, new long[] {2}));
        maps.put(c, Bytes.of("bash", -1), perCpu(new long[] {2}, new long[] {0}));
        maps.put(c, Bytes.of("zed", -1), perCpu(new long[] {5}, new long[] {0}));
        maps.put(c, Bytes.of("zed", 1), perCpu(new long[] {1}, new long[] {4}));
        maps.put(bpfName(script, "@s"), NO_KEY, perCpu(new long[] {-5}, new long[] {12}));
        maps.put(bpfName(script, "@mn"), Bytes.of(Fixture.VFS_READ), perCpu(new long[] {5, 2}, new long[] {0, 0}));
        maps.put(bpfName(script, "@mn"), Bytes.of(Fixture.VFS_WRITE), perCpu(new long[] {-3, 1}, new long[] {10, 1}));
        maps.put(bpfName(script, "@mx"), Bytes.of(0), perCpu(new long[] {0, 0}, new long[] {-7, 1}));
        maps.put(bpfName(script, "@a"), NO_KEY, perCpu(new long[] {10, 2}, new long[] {5, 1}));
        maps.put(bpfName(script, "@m"), Bytes.of(3), Bytes.of(30));
        maps.put(bpfName(script, "@m"), Bytes.of(1), Bytes.of(10));

        Fixture.output(script, maps, text, false).end();

        assertEquals("\n"
                + "  bash                                                             -1                2\n"
                + "  sshd                                                              7                2\n"
                + "  zed                                                               1                5\n"
                + "  zed                                                              -1                5\n"
                + "  bash                                                              7               12\n"
                + "                7\n"
                + "  vfs_write                                                        -3\n"
                + "  vfs_read                                                          5\n"
                + "  entry                                                            -7\n"
                + "                5\n"
                + "                1               10\n"
                + "                3               30\n", text.toString());
    }

    @Test
    void histogramsSumTheirBucketsOverCpus() throws IOException {
        CompiledScript script = Fixture.compile(
                "fbt::vfs_read:entry { @q[execname] = quantize(arg2); @l = lquantize(arg2, 0, 100, 10); }");
        FakeMaps maps = new FakeMaps(script.maps(), 2);
        String q = bpfName(script, "@q");
        maps.put(q, Bytes.of(65, "bash"), perCpu(new long[] {1}, new long[] {0}));
        maps.put(q, Bytes.of(66, "bash"), perCpu(new long[] {1}, new long[] {1}));
        maps.put(q, Bytes.of(64, "sshd"), perCpu(new long[] {0}, new long[] {4}));
        String l = bpfName(script, "@l");
        maps.put(l, Bytes.of(0), perCpu(new long[] {1}, new long[] {0}));
        maps.put(l, Bytes.of(2), perCpu(new long[] {2}, new long[] {1}));
        maps.put(l, Bytes.of(11), perCpu(new long[] {0}, new long[] {1}));

        Fixture.output(script, maps, text, false).end();

        assertEquals("\n"
                + "  sshd                                              \n"
                + "           value  ------------- Distribution ------------- count    \n"
                + "              -1 |                                         0        \n"
                + "               0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 4        \n"
                + "               1 |                                         0        \n"
                + "\n"
                + "  bash                                              \n"
                + "           value  ------------- Distribution ------------- count    \n"
                + "               0 |                                         0        \n"
                + "               1 |@@@@@@@@@@@@@                            1        \n"
                + "               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@              2        \n"
                + "               4 |                                         0        \n"
                + "\n"
                + "\n"
                + "           value  ------------- Distribution ------------- count    \n"
                + "             < 0 |@@@@@@@@                                 1        \n"
                + "               0 |                                         0        \n"
                + "              10 |@@@@@@@@@@@@@@@@@@@@@@@@                 3        \n"
                + "              20 |                                         0        \n"
                + "              30 |                                         0        \n"
                + "              40 |                                         0        \n"
                + "              50 |                                         0        \n"
                + "              60 |                                         0        \n"
                + "              70 |                                         0        \n"
                + "              80 |                                         0        \n"
                + "              90 |                                         0        \n"
                + "          >= 100 |@@@@@@@@                                 1        \n"
                + "\n", text.toString());
    }

    @Test
    void minAndMaxIgnoreCpusWithoutValues() throws IOException {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { @mn = min(arg2); @mx = max(arg2); }");
        FakeMaps maps = new FakeMaps(script.maps(), 3);
        maps.put(bpfName(script, "@mn"), NO_KEY, perCpu(new long[] {0, 0}, new long[] {9, 4}, new long[] {12, 1}));
        maps.put(bpfName(script, "@mx"), NO_KEY, perCpu(new long[] {-9, 2}, new long[] {0, 0}, new long[] {-12, 1}));
        Fixture.output(script, maps, text, false).end();
        assertEquals("\n                9\n               -9\n", text.toString());
    }

    @Test
    void avgTruncatesTowardZeroAndIsZeroWithoutValues() throws IOException {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { @a[arg0] = avg(arg2); }");
        FakeMaps maps = new FakeMaps(script.maps(), 2);
        String a = bpfName(script, "@a");
        maps.put(a, Bytes.of(1), perCpu(new long[] {-7, 1}, new long[] {0, 1}));
        maps.put(a, Bytes.of(2), perCpu(new long[] {0, 0}, new long[] {0, 0}));
        maps.put(a, Bytes.of(3), perCpu(new long[] {7, 2}, new long[] {0, 0}));
        Fixture.output(script, maps, text, false).end();
        assertEquals("\n"
                + "                1               -3\n"
                + "                2                0\n"
                + "                3                3\n", text.toString());
    }

    @Test
    void printaWithAFormatPrintsEachKeyThroughIt() throws IOException {
        CompiledScript script = Fixture.compile("""
                fbt::vfs_read:entry { @c[execname, arg0] = count(); @q = quantize(arg2); }
                END { printa("%-6s|%4d|%@3d|\\n", @c); printa("%s=%@d\\n", @c); printa("q:%@d.\\n", @q); }
                """);
        FakeMaps maps = new FakeMaps(script.maps(), 1);
        maps.put(bpfName(script, "@c"), Bytes.of("bash", 3), perCpu(new long[] {12}));
        maps.put(bpfName(script, "@c"), Bytes.of("sh", 40), perCpu(new long[] {2}));
        maps.put(bpfName(script, "@q"), Bytes.of(65), perCpu(new long[] {1}));
        Fixture.output(script, maps, text, false).end();
        assertEquals("sh    |  40|  2|\n"
                + "bash  |   3| 12|\n"
                + "sh=2\n"
                + "bash=12\n"
                + "q:\n"
                + "           value  ------------- Distribution ------------- count    \n"
                + "               0 |                                         0        \n"
                + "               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n"
                + "               2 |                                         0        \n"
                + ".\n", text.toString(), "printed maps are not printed again at the end");
    }

    @Test
    void printaWithoutAFormatStartsWithAnEmptyLineAndMarksTheMapPrinted() throws IOException {
        CompiledScript script = Fixture.compile("""
                fbt::vfs_read:entry { @c[execname] = count(); @d[execname] = count(); }
                END { printa(@c); print(@c); }
                """);
        FakeMaps maps = new FakeMaps(script.maps(), 1);
        maps.put(bpfName(script, "@c"), Bytes.of("bash"), perCpu(new long[] {1}));
        maps.put(bpfName(script, "@d"), Bytes.of("sh"), perCpu(new long[] {2}));
        Fixture.output(script, maps, text, false).end();
        String c = "  bash                                                              1\n";
        String d = "  sh                                                                2\n";
        assertEquals("\n" + c + "\n" + c + "\n" + d, text.toString());
    }

    @Test
    void mapsWithoutKeysAreNotPrintedAtTheEnd() throws IOException {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { @c[execname] = count(); @n = count(); }");
        FakeMaps maps = new FakeMaps(script.maps(), 1);
        Fixture.output(script, maps, text, false).end();
        assertEquals("", text.toString());
    }

    @Test
    void stackKeysPrintTheirFramesIndentedBy14() throws IOException {
        CompiledScript script = Fixture.compile("fbt::tcp_sendmsg:entry { @[stack()] = count(); }");
        FakeMaps maps = new FakeMaps(script.maps(), 1);
        byte[] frames = new byte[127 * 8];
        System.arraycopy(Bytes.of(Fixture.TCP_SENDMSG + 5, Fixture.VFS_WRITE + 0x80), 0, frames, 0, 16);
        maps.put("stacks", FakeMaps.le32(7), frames);
        maps.put(bpfName(script, "@"), Bytes.of(7), perCpu(new long[] {3}));
        maps.put(bpfName(script, "@"), Bytes.of(-17), perCpu(new long[] {1}));
        Fixture.output(script, maps, text, false).end();
        assertEquals("\n"
                + "\n"
                + "              <stack not recorded: EEXIST>\n"
                + "                1\n"
                + "\n"
                + "              tcp_sendmsg+0x5\n"
                + "              vfs_write+0x80\n"
                + "                3\n", text.toString());
    }

    @Test
    void clearZeroesValuesAndKeepsKeys() throws IOException {
        CompiledScript script = Fixture.compile("""
                fbt::vfs_read:entry { @c[arg0] = count(); @q = quantize(arg2); }
                tick-1s { clear(@c); clear(@q); }
                """);
        FakeMaps maps = new FakeMaps(script.maps(), 2);
        maps.put(bpfName(script, "@c"), Bytes.of(1), perCpu(new long[] {4}, new long[] {5}));
        maps.put(bpfName(script, "@q"), Bytes.of(66), perCpu(new long[] {4}, new long[] {5}));
        ScriptOutput output = Fixture.output(script, maps, text, false);
        output.timer(output.timers().get(0));
        assertEquals(1, maps.entries(bpfName(script, "@c")).size());
        output.end();
        assertEquals("\n"
                + "                1                0\n"
                + "\n"
                + "           value  ------------- Distribution ------------- count    \n"
                + "              -1 |                                         0        \n"
                + "               0 |                                         0        \n"
                + "               1 |                                         0        \n"
                + "\n", text.toString());
    }

    @Test
    void truncKeepsTheLargestValues() throws IOException {
        CompiledScript script = Fixture.compile("""
                fbt::vfs_read:entry { @c[arg0] = count(); @q[arg0] = quantize(arg2); }
                END { trunc(@c, 2); trunc(@q, 1); }
                """);
        FakeMaps maps = new FakeMaps(script.maps(), 1);
        for (int key = 1; key <= 4; key++) {
            maps.put(bpfName(script, "@c"), Bytes.of(key), perCpu(new long[] {10 - key}));
            maps.put(bpfName(script, "@q"), Bytes.of(64 + key, key), perCpu(new long[] {1}));
            maps.put(bpfName(script, "@q"), Bytes.of(64, key), perCpu(new long[] {1}));
        }
        Fixture.output(script, maps, new StringWriter(), false).end();
        assertEquals(2, maps.entries(bpfName(script, "@c")).size());
        assertTrue(maps.lookup(bpfName(script, "@c"), Bytes.of(1)).isPresent());
        assertTrue(maps.lookup(bpfName(script, "@c"), Bytes.of(2)).isPresent());
        assertEquals(2, maps.entries(bpfName(script, "@q")).size(), "both buckets of the one key kept");
        assertTrue(maps.lookup(bpfName(script, "@q"), Bytes.of(68, 4)).isPresent(), "the largest weight is key 4");
    }

    @Test
    void truncWithoutACountRemovesEveryKey() throws IOException {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { @c[arg0] = count(); } END { trunc(@c); }");
        FakeMaps maps = new FakeMaps(script.maps(), 1);
        maps.put(bpfName(script, "@c"), Bytes.of(1), perCpu(new long[] {1}));
        Fixture.output(script, maps, text, false).end();
        assertEquals(0, maps.entries(bpfName(script, "@c")).size());
        assertEquals("", text.toString());
    }
}
