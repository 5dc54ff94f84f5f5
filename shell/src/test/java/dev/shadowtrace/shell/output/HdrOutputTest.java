package dev.shadowtrace.shell.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.CompiledScript;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;

import org.HdrHistogram.Histogram;
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

    private void run(boolean json) throws IOException {
        for (long size = 1; size <= 1000; size++) {
            kernel.fire((int) (size % 2), 1, Map.of(SimKernel.DX, size, SimKernel.IP, Fixture.VFS_READ));
        }
        kernel.fire(0, 1, Map.of(SimKernel.DX, -5L, SimKernel.IP, Fixture.VFS_READ));
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
}
