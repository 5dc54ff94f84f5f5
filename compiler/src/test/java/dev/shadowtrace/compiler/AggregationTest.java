package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.bpf.HdrBuckets;
import dev.shadowtrace.compiler.bpf.HistogramMap;
import dev.shadowtrace.compiler.bpf.LinearBuckets;
import dev.shadowtrace.compiler.bpf.MapType;
import dev.shadowtrace.compiler.bpf.QuantizeBuckets;
import dev.shadowtrace.lang.diag.ScriptException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every aggregating function, fed 5, 50, -3 and 250 on one CPU. */
class AggregationTest {
    private static final byte[] NO_KEY = new byte[8];
    private static final long[] VALUES = {5, 50, -3, 250};

    private Sim sim;

    @BeforeEach
    void feed() throws ScriptException {
        sim = new Sim("""
                fbt::vfs_read:entry
                {
                    @c[pid, execname] = count(); @s = sum(arg2); @mn = min(arg2); @mx = max(arg2);
                    @a = avg(arg2); @q["q"] = quantize(arg2); @l = lquantize(arg2, 0, 100, 10);
                    @h[pid] = hdr(arg2); @h3 = hdr(arg2, 3);
                }
                """);
        for (long v : VALUES) {
            sim.fire(1, Map.of(Sim.DX, v));
        }
    }

    @Test
    void countSumMinMaxAvg() {
        assertEquals(Optional.of(4L), sim.value("@c", key(1000, "bash"), "count"));
        assertEquals(Optional.of(302L), sim.value("@s", NO_KEY, "sum"));
        assertEquals(Optional.of(-3L), sim.value("@mn", NO_KEY, "min"));
        assertEquals(Optional.of(4L), sim.value("@mn", NO_KEY, "count"));
        assertEquals(Optional.of(250L), sim.value("@mx", NO_KEY, "max"));
        assertEquals(Optional.of(302L), sim.value("@a", NO_KEY, "sum"));
        assertEquals(Optional.of(4L), sim.value("@a", NO_KEY, "count"));
    }

    @Test
    void aggregationsArePerCpuHashes() {
        for (String name : new String[] {"@c", "@s", "@mn", "@mx", "@a", "@q", "@l", "@h", "@h3"}) {
            assertEquals(MapType.PERCPU_HASH, sim.descriptor(name).spec().type(), name);
        }
    }

    @Test
    void quantizeFollowsTheHistogramContract() {
        HistogramMap q = sim.descriptor("@q").histogram().orElseThrow();
        assertEquals(8 + 64, q.keySize());
        for (long v : VALUES) {
            byte[] key = q.key(key("q"), QuantizeBuckets.INSTANCE.bucketOf(v));
            assertEquals(Optional.of(1L), sim.value("@q", key, "count"), "bucket of " + v);
        }
        assertEquals(4, sim.entries("@q").size());
    }

    @Test
    void lquantizeFollowsTheHistogramContract() {
        HistogramMap l = sim.descriptor("@l").histogram().orElseThrow();
        assertEquals(new LinearBuckets(0, 100, 10), l.layout());
        for (int bucket : new int[] {0, 1, 6, 11}) {
            assertEquals(Optional.of(1L), sim.value("@l", l.key(new byte[0], bucket), "count"), "bucket " + bucket);
        }
    }

    @Test
    void hdrFollowsTheHistogramContractWithHdrHistogramsBuckets() {
        HistogramMap h = sim.descriptor("@h").histogram().orElseThrow();
        assertEquals(new HdrBuckets(2), h.layout());
        assertEquals(new HdrBuckets(3), sim.descriptor("@h3").histogram().orElseThrow().layout());
        // HdrHistogram at 2 digits: 5 and 50 exact, 250 exact (below 256), -3 in bucket 0.
        for (long v : new long[] {5, 50, 250}) {
            int bucket = h.layout().bucketOf(v);
            assertEquals(v, h.layout().lowerBound(bucket));
            assertEquals(Optional.of(1L), sim.value("@h", h.key(key(1000), bucket), "count"), "bucket of " + v);
        }
        assertEquals(Optional.of(1L), sim.value("@h", h.key(key(1000), 0), "count"), "negative values");
        assertEquals(4, sim.entries("@h").size());
    }
}
