package dev.shadowtrace.shell.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.CompiledScript;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code --interval}: each snapshot prints what the aggregations gained since the previous one. */
class IntervalOutputTest {
    private static final String SCRIPT = """
            fbt::vfs_read:entry { @n = count(); @s[execname] = sum(arg2); @mn = min(arg2); @h = hdr(arg2); }
            """;

    private final CompiledScript script = Fixture.compile(SCRIPT);
    private final SimKernel kernel = new SimKernel(script, 2);
    private final StringWriter text = new StringWriter();

    private void read(int cpu, long size) {
        kernel.fire(cpu, 1, Map.of(SimKernel.DX, size, SimKernel.IP, Fixture.VFS_READ));
    }

    /** The lines printed since the last call, parsed. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> lines() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : text.toString().split("\n")) {
            if (!line.isEmpty()) {
                out.add((Map<String, Object>) JsonParser.parse(line));
            }
        }
        text.getBuffer().setLength(0);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object data(Map<String, Object> line, String map) {
        return ((Map<String, Object>) line.get("data")).get(map);
    }

    @SuppressWarnings("unchecked")
    private static Object count(Map<String, Object> hdrLine) {
        return ((Map<String, Object>) data(hdrLine, "@h")).get("count");
    }

    @Test
    void snapshotsPrintDeltasThatAddUpToTheTotals() throws IOException {
        ScriptOutput out = Fixture.output(script, kernel, text, true);
        read(0, 1);
        read(1, 2);
        read(1, 3);
        out.snapshot();
        List<Map<String, Object>> first = lines();
        assertEquals(5, first.size(), first.toString());
        assertEquals("interval", first.get(0).get("type"));
        assertEquals(1L, ((Map<?, ?>) first.get(0).get("data")).get("number"));
        assertEquals(3L, data(first.get(1), "@n"));
        assertEquals(Map.of("bash", 6L), data(first.get(2), "@s"));
        assertEquals(1L, data(first.get(3), "@mn"));
        assertEquals(3L, count(first.get(4)));

        out.snapshot();
        List<Map<String, Object>> idle = lines();
        assertEquals(1, idle.size(), "nothing gained, only the header: " + idle);

        read(0, 10);
        read(1, 20);
        out.snapshot();
        List<Map<String, Object>> third = lines();
        assertEquals(2L, data(third.get(1), "@n"));
        assertEquals(Map.of("bash", 30L), data(third.get(2), "@s"));
        assertEquals(1L, data(third.get(3), "@mn"), "a minimum is the running one");
        assertEquals(2L, count(third.get(4)));

        out.end();
        out.reportDrops();
        List<Map<String, Object>> totals = lines();
        assertEquals(5L, data(totals.get(0), "@n"), "3 + 2");
        assertEquals(Map.of("bash", 36L), data(totals.get(1), "@s"));
        assertEquals(5L, count(totals.get(3)));
        assertEquals(Map.of("lost_records", 0L, "failed_map_updates", 0L), totals.get(4).get("data"));
        assertEquals("drops", totals.get(4).get("type"));
    }

    @Test
    void aClearInATimerRestartsTheDeltaFromZero() throws IOException {
        CompiledScript cleared = Fixture.compile("fbt::vfs_read:entry { @n = count(); } tick-1s { clear(@n); }");
        FakeMaps maps = new FakeMaps(cleared.maps(), 2);
        String n = cleared.mapDescriptors().get(0).spec().name();
        ScriptOutput out = Fixture.output(cleared, maps, text, true);
        maps.put(n, new byte[8], FakeMaps.perCpu(new long[] {5}, new long[] {2}));
        out.snapshot();
        assertEquals(7L, data(lines().get(1), "@n"));
        maps.put(n, new byte[8], FakeMaps.perCpu(new long[] {6}, new long[] {2}));
        out.snapshot();
        assertEquals(1L, data(lines().get(1), "@n"));
        out.timer(out.timers().get(0));
        maps.put(n, new byte[8], FakeMaps.perCpu(new long[] {0}, new long[] {1}));
        out.snapshot();
        assertEquals(1L, data(lines().get(1), "@n"), "what probes added after the clear, in full");
    }

    @Test
    void textSnapshotsHaveAHeader() throws IOException {
        ScriptOutput out = Fixture.output(script, kernel, text, false);
        read(0, 7);
        out.snapshot();
        String printed = text.toString();
        assertEquals(true, printed.matches("(?s)\n--- interval 1, \\d+\\.\\d{3} s ---\n\n {16}1\n\n.*"), printed);
    }
}
