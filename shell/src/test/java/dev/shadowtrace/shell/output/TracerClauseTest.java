package dev.shadowtrace.shell.output;

import static dev.shadowtrace.shell.output.FakeMaps.perCpu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.runtime.aggregate.Distribution;
import dev.shadowtrace.runtime.aggregate.Fields;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** BEGIN, END and timer clauses, interpreted in the tracer on the maps the kernel programs use. */
class TracerClauseTest {
    private final StringWriter text = new StringWriter();
    private CompiledScript script;
    private FakeMaps maps;

    private ScriptOutput output(String source) {
        script = Fixture.compile(source);
        maps = new FakeMaps(script.maps(), 2);
        return Fixture.output(script, maps, text, false);
    }

    private MapDescriptor map(String name) {
        return script.mapDescriptors().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private long globalWord(String name) throws IOException {
        Field field = script.globals().field(name).orElseThrow();
        return Fields.word(maps.lookup("globals", FakeMaps.le32(0)).orElseThrow(), field.offset());
    }

    @Test
    void theShellRunsTheTracerClausesOfOneInputAtATime() throws IOException {
        ScriptOutput out = output("""
                BEGIN { printf("one\\n"); }
                BEGIN { printf("two\\n"); }
                tick-1s { printf("tick\\n"); } END { printf("end\\n"); }
                """);
        out.fire(ProbeKind.BEGIN, null, c -> c.clause().pos().line() == 2);
        assertEquals("two\n", text.toString());
        out.fire(ProbeKind.TIMER, "tick-1s", c -> c.clause().pos().line() == 3);
        out.fire(ProbeKind.END, null, c -> c.clause().pos().line() == 3);
        out.fire(ProbeKind.END, null, c -> c.clause().pos().line() == 1);
        assertEquals("two\ntick\nend\n", text.toString());
    }

    @Test
    void printfInBegin() throws IOException {
        assertEquals(OptionalInt.empty(), output("BEGIN { printf(\"hello %s %d\\n\", \"world\", 1 + 2 * 3); }").begin());
        assertEquals("hello world 7\n", text.toString());
    }

    @Test
    void globalsLiveInTheGlobalsMapWhereKernelProbesReadThem() throws IOException {
        ScriptOutput out = output("""
                BEGIN { limit = 5; limit += 3; limit *= 2; name = "abc"; }
                fbt::vfs_read:entry /limit > 0/ { @c[name] = count(); }
                END { printf("%d %s\\n", limit, name); }
                """);
        out.begin();
        assertEquals(16, globalWord("limit"));
        Field name = script.globals().field("name").orElseThrow();
        byte[] all = maps.lookup("globals", FakeMaps.le32(0)).orElseThrow();
        assertEquals("abc", Fields.string(all, name.offset(), name.size()));
        out.end();
        assertEquals("16 abc\n", text.toString());
    }

    @Test
    void arithmeticIsTheKernelPrograms() throws IOException {
        output("""
                BEGIN
                {
                    z = 0; m = -9223372036854775807 - 1;
                    printf("%d %d %d %d %d %d %d %d\\n", 7 / z, 7 % z, -7 / 2, -7 % 2, 1 << 65, -16 >> 2, -1 < 1, m / -1);
                    printf("%d %d %d %d %d\\n", !5, ~0, -(3), 6 & 3 | 8 ^ 1, 2 > 1 && 0 || 3);
                }
                """).begin();
        assertEquals("0 7 -3 -1 2 -4 1 -9223372036854775808\n0 -1 -3 11 1\n", text.toString());
    }

    @Test
    void plainMapsAndCompoundAssignments() throws IOException {
        ScriptOutput out = output("BEGIN { @m[\"a\"] = 1; @m[\"b\"] += 5; @m[\"a\"]++; @m[\"c\"] = @m[\"a\"] * 10; }");
        out.begin();
        assertArrayEquals(Bytes.of(2), maps.lookup(map("@m").spec().name(), Bytes.of("a")).orElseThrow());
        out.end();
        assertEquals("\n"
                + "  a                                                                 2\n"
                + "  b                                                                 5\n"
                + "  c                                                                20\n", text.toString());
    }

    @Test
    void aggregationsAddToTheTracersSlot() throws IOException {
        ScriptOutput out = output("""
                fbt::vfs_read:entry { @c = count(); @mn = min(arg2); @q = quantize(arg2); }
                BEGIN { @c = count(); @c = count(); @mn = min(4); @mn = min(-2); @q = quantize(3); }
                """);
        maps.put(map("@c").spec().name(), Bytes.of(0), perCpu(new long[] {0}, new long[] {5}));
        out.begin();
        assertArrayEquals(perCpu(new long[] {2}, new long[] {5}), maps.lookup(map("@c").spec().name(), Bytes.of(0))
                .orElseThrow());
        assertArrayEquals(perCpu(new long[] {-2, 2}, new long[] {0, 0}),
                maps.lookup(map("@mn").spec().name(), Bytes.of(0)).orElseThrow());
        assertArrayEquals(perCpu(new long[] {1}, new long[] {0}),
                maps.lookup(map("@q").spec().name(), Bytes.of(66)).orElseThrow(), "3 is in the bucket of 2..3");
        out.end();
        assertEquals("\n                7\n               -2\n"
                + "\n"
                + "           value  ------------- Distribution ------------- count    \n"
                + "               1 |                                         0        \n"
                + "               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n"
                + "               4 |                                         0        \n"
                + "\n", text.toString());
    }

    @Test
    void predicatesIfAndConditionals() throws IOException {
        output("""
                BEGIN /1 == 2/ { printf("no\\n"); }
                BEGIN /1 == 1/
                {
                    s = "x";
                    if (s == "x") { printf("eq "); } else { printf("ne "); }
                    if (s != "x") { printf("a "); } else if (s == "y") { printf("b "); } else { printf("c "); }
                    printf("%s\\n", s == "x" ? "then" : "else");
                }
                """).begin();
        assertEquals("eq c then\n", text.toString());
    }

    @Test
    void builtInsOfTheTracer() throws IOException {
        ScriptOutput out = output("""
                BEGIN { printf("[%s] %s %d %d\\n", probefunc, probename, timestamp, cpu); }
                tick-1s, interval:ms:500 { printf("%s\\n", probename); }
                END { printf("%s\\n", probename == "END" ? "end" : "?"); }
                """);
        out.begin();
        List<String> timers = out.timers().stream().map(t -> t.name() + "/" + t.periodNanos()).toList();
        assertEquals(List.of("tick-1s/1000000000", "tick-500ms/500000000"), timers);
        out.timer(out.timers().get(1));
        out.end();
        assertEquals("[] BEGIN 5000 3\ntick-500ms\nend\n", text.toString());
    }

    @Test
    void probenameKeysOfTracerClausesShareTheMapWithKernelProbes() throws IOException {
        ScriptOutput out = output("""
                fbt::vfs_read:entry { @[probename] = count(); }
                BEGIN { @[probename] = count(); }
                """);
        maps.put(map("@").spec().name(), Bytes.of(0), perCpu(new long[] {3}, new long[] {4}));
        out.begin();
        out.end();
        assertEquals("\n"
                + "  BEGIN                                                             1\n"
                + "  entry                                                             7\n", text.toString());
    }

    @Test
    void clauseLocalsStartAtZeroInEveryRun() throws IOException {
        ScriptOutput out = output("""
                tick-1s
                {
                    if (n == 0) { this->a = 2; $b = "set"; }
                    n++;
                    printf("%d %d [%s]\\n", this->a, this->a * 3, $b);
                }
                """);
        out.timer(out.timers().get(0));
        out.timer(out.timers().get(0));
        assertEquals("2 6 [set]\n0 0 []\n", text.toString());
    }

    @Test
    void exitRecordsTheStatusAndTheClauseRunsToItsEnd() throws IOException {
        ScriptOutput out = output("""
                BEGIN { exit(3); printf("after\\n"); }
                BEGIN { exit(4); }
                END { printf("end\\n"); }
                """);
        assertEquals(OptionalInt.of(3), out.begin());
        out.end();
        assertEquals(OptionalInt.of(3), out.exitStatus());
        assertEquals("after\nend\n", text.toString());
    }

    @Test
    void exitFromATimer() throws IOException {
        ScriptOutput out = output("tick-10s { exit(); }");
        assertEquals(OptionalInt.empty(), out.begin());
        assertEquals(OptionalInt.of(0), out.timer(out.timers().get(0)));
        assertEquals(OptionalInt.of(0), out.exitStatus());
    }

    @Test
    void traceInTheTracer() throws IOException {
        output("BEGIN { trace(42); trace(\"str\"); trace(probename); }").begin();
        assertEquals("42\nstr\nBEGIN\n", text.toString());
    }

    @Test
    void strCannotReadKernelMemoryFromTheTracer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> output("""
                BEGIN { x = 1; }
                END { printf("%s\\n", stringof(0x1000)); }
                """));
        assertEquals("test.d:2:22: error: stringof() reads kernel memory, which END cannot do: BEGIN, END and timer"
                + " clauses run in the tracer, not in the traced process", e.getMessage());
    }

    @Test
    void languageGapsInTracerClauses(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        long inode = (Long) java.nio.file.Files.getAttribute(dir, "unix:ino");
        ScriptOutput out = output("BEGIN { @m[1] = 10; @m[2] = 20; @m[3] = 30; delete(@m[1]); delete(@m, 2);"
                + " @s = stats(4); @s = stats(-2); @c[1] = count(); @c[2] = count(); @c[2] = count();"
                + " printf(\"%d %d %d %d\\n\", strncmp(\"abc\", \"abd\", 2), strncmp(\"abc\", \"abd\", 3),"
                + " strncmp(\"ab\", \"abc\", 3), cgroupid(\"" + dir + "\") == " + inode + "); print(@c, 1); print(@s); }");
        out.begin();
        assertEquals("0 1 1 1\n\n                2                2\n\n  count 2  avg 1  sum 2  min -2  max 4\n",
                text.toString());
        text.getBuffer().setLength(0);
        out.end();
        assertEquals("\n                3               30\n", text.toString());
    }
}
