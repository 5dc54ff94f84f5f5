package dev.shadowtrace.shell.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.CompiledScript;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;

/**
 * hdr() end to end in the BPF simulator: reads of 1..1000 bytes spread over two CPUs, and -5 once;
 * what is printed is what HdrHistogram says about the same values recorded directly.
 */
class HdrOutputTest {
    private static final String SCRIPT = "fbt::vfs_read:entry { @h[execname] = hdr(arg2); @one = hdr(arg2, 1); }";

    private final CompiledScript script = Fixture.compile(SCRIPT);
    private final SimKernel kernel = new SimKernel(script, 2);
    private final StringWriter text = new StringWriter();

    private static Histogram direct(int digits) {
        Histogram h = new Histogram(digits);
        for (long size = 1; size <= 1000; size++) {
            h.recordValue(size);
        }
        return h;
    }

    private void reads() {
        for (long size = 1; size <= 1000; size++) {
            kernel.fire((int) (size % 2), 1, Map.of(SimKernel.DX, size, SimKernel.IP, Fixture.VFS_READ));
        }
        kernel.fire(0, 1, Map.of(SimKernel.DX, -5L, SimKernel.IP, Fixture.VFS_READ));
    }

    private void run(boolean json) throws IOException {
        reads();
        ScriptOutput out = Fixture.output(script, kernel, text, json);
        out.end();
        out.reportDrops();
    }

    @Test
    void textPrintsHdrHistogramsSummary() throws IOException {
        run(false);
        Histogram d = direct(2);
        assertEquals(501, d.getValueAtPercentile(50), "500 in 500..501 at 2 digits");
        assertEquals(991, d.getValueAtPercentile(99), "990 in 988..991");
        String header = "       count         min        mean         p50         p90         p99       p99.9"
                + "         max      stddev    negative\n";
        assertEquals("\n"
                + String.format("  %-50s\n", "bash") + header
                + String.format("        1000           1 %11.1f         501         903         991         999"
                        + "        1003 %11.1f           1\n", d.getMean(), d.getStdDeviation())
                + "\n" + header
                + String.format("        1000           1 %11.1f %11d %11d %11d %11d %11d %11.1f           1\n",
                        direct(1).getMean(), direct(1).getValueAtPercentile(50), direct(1).getValueAtPercentile(90),
                        direct(1).getValueAtPercentile(99), direct(1).getValueAtPercentile(99.9),
                        direct(1).getMaxValue(), direct(1).getStdDeviation()),
                text.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonCarriesTheSummaryAndAnEncodingThatDecodesToTheSameHistogram() throws Exception {
        run(true);
        String[] lines = text.toString().split("\n");
        assertEquals(3, lines.length);
        assertEquals(Map.of("type", "drops", "data", Map.of("lost_records", 0L, "failed_map_updates", 0L)),
                JsonParser.parse(lines[2]));
        Map<String, Object> line = (Map<String, Object>) JsonParser.parse(lines[0]);
        assertEquals("hdr", line.get("type"));
        Map<String, Object> h = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) line.get("data"))
                .get("@h")).get("bash");
        assertEquals(1000L, ((Number) h.get("count")).longValue());
        assertEquals(501L, ((Number) h.get("p50")).longValue());
        assertEquals(991L, ((Number) h.get("p99")).longValue());
        assertEquals(1L, ((Number) h.get("negative")).longValue());
        assertEquals(2L, ((Number) h.get("digits")).longValue());
        Histogram decoded = Histogram.decodeFromCompressedByteBuffer(
                ByteBuffer.wrap(Base64.getDecoder().decode((String) h.get("encoded"))), 0);
        assertEquals(direct(2), decoded);
        Map<String, Object> one = (Map<String, Object>) ((Map<String, Object>) JsonParser.parse(lines[1]))
                .get("data");
        assertTrue(one.get("@one") instanceof Map, "a map without keys is its value: " + one);
    }

    @Test
    @SuppressWarnings("unchecked")
    void tracerClausesFeedTheSameBuckets() throws IOException {
        CompiledScript tracer = Fixture.compile("fbt::vfs_read:entry { @h = hdr(arg2); } END { @h = hdr(300); @h = hdr(-1); }");
        ScriptOutput out = Fixture.output(tracer, new FakeMaps(tracer.maps(), 2), text, true);
        out.end();
        Map<String, Object> h = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                JsonParser.parse(text.toString().trim())).get("data")).get("@h");
        assertEquals(1L, h.get("count"));
        assertEquals(300L, h.get("min"));
        assertEquals(301L, h.get("max"), "300 is in 300..301 at 2 digits");
        assertEquals(1L, h.get("negative"));
    }

    @Test
    void anHdrLogHasOneHistogramPerKeyAndSnapshotWithValues() throws Exception {
        CompiledScript keyed = Fixture.compile("fbt::vfs_read:entry { @h[execname] = hdr(arg2); @n = count(); }");
        SimKernel sim = new SimKernel(keyed, 2);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ScriptOutput out = Fixture.output(keyed, sim, text, false);
        out.logHdrTo(log);
        out.begin();
        for (long size = 1; size <= 10; size++) {
            sim.fire(0, 1, Map.of(SimKernel.DX, size, SimKernel.IP, Fixture.VFS_READ));
        }
        out.snapshot();
        out.snapshot();
        sim.fire(1, 1, Map.of(SimKernel.DX, 7L, SimKernel.IP, Fixture.VFS_READ));
        out.snapshot();
        out.end();
        List<Histogram> read = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(log.toByteArray()))) {
            for (EncodableHistogram e = reader.nextIntervalHistogram(); e != null; e = reader.nextIntervalHistogram()) {
                read.add((Histogram) e);
            }
        }
        assertEquals(2, read.size(), "the second snapshot gained nothing");
        assertEquals("@h[bash]", read.get(0).getTag());
        assertEquals(10, read.get(0).getTotalCount());
        assertEquals(1, read.get(1).getTotalCount());
        assertEquals(7, read.get(1).getMinValue());
        assertTrue(read.get(0).getStartTimeStamp() <= read.get(1).getStartTimeStamp());
    }

    @Test
    void withoutSnapshotsTheHdrLogHasTheWholeTrace() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ScriptOutput out = Fixture.output(script, kernel, text, false);
        out.logHdrTo(log);
        out.begin();
        reads();
        out.end();
        try (HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(log.toByteArray()))) {
            Histogram h = (Histogram) reader.nextIntervalHistogram();
            assertEquals("@h[bash]", h.getTag());
            assertEquals(direct(2), h);
            assertEquals("@one", reader.nextIntervalHistogram().getTag());
            assertEquals(null, reader.nextIntervalHistogram());
        }
    }
}
