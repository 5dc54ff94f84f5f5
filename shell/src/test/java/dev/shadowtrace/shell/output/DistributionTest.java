package dev.shadowtrace.shell.output;

import static dev.shadowtrace.shell.output.FakeMaps.perCpu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.bpf.BucketLayout;
import dev.shadowtrace.compiler.bpf.DTraceDistribution;
import dev.shadowtrace.compiler.bpf.LinearBuckets;
import dev.shadowtrace.compiler.bpf.QuantizeBuckets;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.runtime.aggregate.Distribution;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Histograms go through HdrHistogram and print exactly as DTraceDistribution renders their buckets. */
class DistributionTest {
    private final Random random = new Random(42);

    @Test
    void quantizePrintsAsDTraceDistributionOverRandomBuckets() throws IOException {
        for (int round = 0; round < 20; round++) {
            long[] counts = randomCounts(QuantizeBuckets.BUCKETS);
            assertPrints("fbt::vfs_read:entry { @q = quantize(arg2); }", QuantizeBuckets.INSTANCE, counts);
        }
    }

    @Test
    void lquantizePrintsAsDTraceDistributionOverRandomBuckets() throws IOException {
        LinearBuckets layout = new LinearBuckets(-1000, 9000, 250);
        for (int round = 0; round < 20; round++) {
            long[] counts = randomCounts(layout.bucketCount());
            assertPrints("fbt::vfs_read:entry { @l = lquantize(arg2, -1000, 9000, 250); }", layout, counts);
        }
    }

    @Test
    void countsSurviveTheHdrHistogramExactly() {
        long[] counts = new long[QuantizeBuckets.BUCKETS];
        counts[0] = Long.MAX_VALUE / 4;
        counts[63] = 1;
        counts[64] = 7;
        counts[127] = 123_456_789_012L;
        Distribution d = Distribution.of(QuantizeBuckets.INSTANCE, counts);
        assertTrue(d.histogram().isPresent());
        assertArrayEquals(counts, d.counts());
        assertEquals(counts[0] + 1 + 7 + counts[127], d.histogram().get().totalCount());
    }

    @Test
    void bucketsTooFineForHdrHistogramKeepTheirCounts() {
        LinearBuckets fine = new LinearBuckets(1_000_000_000, 1_000_000_100, 1);
        long[] counts = new long[fine.bucketCount()];
        counts[50] = 3;
        counts[51] = 4;
        Distribution d = Distribution.of(fine, counts);
        assertTrue(d.histogram().isEmpty());
        assertArrayEquals(counts, d.counts());
    }

    @Test
    void distributionsSortByTheirWeightedSum() throws IOException {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { @q[arg0] = quantize(arg2); }");
        FakeMaps maps = new FakeMaps(script.maps(), 1);
        String name = script.mapDescriptors().get(0).spec().name();
        maps.put(name, Bytes.of(QuantizeBuckets.INSTANCE.bucketOf(1000), 1), perCpu(new long[] {1}));
        maps.put(name, Bytes.of(QuantizeBuckets.INSTANCE.bucketOf(-100), 2), perCpu(new long[] {1}));
        maps.put(name, Bytes.of(QuantizeBuckets.INSTANCE.bucketOf(0), 3), perCpu(new long[] {9}));
        maps.put(name, Bytes.of(QuantizeBuckets.INSTANCE.bucketOf(0), 4), perCpu(new long[] {2}));
        StringWriter text = new StringWriter();
        Fixture.output(script, maps, text, false).end();
        String keys = text.toString().lines().filter(l -> l.matches(" +[0-9]+")).map(String::strip)
                .reduce((a, b) -> a + " " + b).orElseThrow();
        assertEquals("2 4 3 1", keys, "-128 weighs least; two zero-weight keys by their count at zero; 512 last");
    }

    private void assertPrints(String source, BucketLayout layout, long[] counts) throws IOException {
        CompiledScript script = Fixture.compile(source);
        MapDescriptor map = script.mapDescriptors().get(0);
        FakeMaps maps = new FakeMaps(script.maps(), 2);
        for (int bucket = 0; bucket < counts.length; bucket++) {
            if (counts[bucket] != 0) {
                long first = counts[bucket] / 3;
                maps.put(map.spec().name(), Bytes.of(bucket),
                        perCpu(new long[] {first}, new long[] {counts[bucket] - first}));
            }
        }
        StringWriter text = new StringWriter();
        Fixture.output(script, maps, text, false).end();
        assertEquals("\n" + DTraceDistribution.format(layout, counts) + "\n", text.toString());
    }

    /**
     * A few non-empty buckets with counts up to 2^40, some of them 1. (Beyond 2^63 / 40 events in a
     * bucket, DTraceDistribution's bar computation overflows.)
     */
    private long[] randomCounts(int buckets) {
        long[] counts = new long[buckets];
        int filled = 1 + random.nextInt(6);
        for (int i = 0; i < filled; i++) {
            counts[random.nextInt(buckets)] = random.nextBoolean() ? 1 : 1 + (random.nextLong() >>> (24 + random.nextInt(40)));
        }
        return counts;
    }
}
