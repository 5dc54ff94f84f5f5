package dev.shadowtrace.compiler.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected text follows dt_print_quantize / dt_print_lquantize of libdtrace (dt_consume.c). */
class DTraceDistributionTest {
    private static final String HEADER =
            "\n           value  ------------- Distribution ------------- count    \n";

    private static String row(String value, int ats, long count) {
        return String.format("%16s |%s%s %-9d\n", value, "@".repeat(ats), " ".repeat(40 - ats), count);
    }

    @Test
    void quantizeShowsOneEmptyBucketEachSide() {
        QuantizeBuckets q = QuantizeBuckets.INSTANCE;
        long[] counts = new long[QuantizeBuckets.BUCKETS];
        counts[q.bucketOf(1)] = 2;
        counts[q.bucketOf(3)] = 2;
        assertEquals(
                HEADER + row("0", 0, 0) + row("1", 20, 2) + row("2", 20, 2) + row("4", 0, 0),
                DTraceDistribution.format(q, counts));
    }

    @Test
    void quantizeLinesAreExactlyDtraces() {
        long[] counts = new long[QuantizeBuckets.BUCKETS];
        counts[QuantizeBuckets.INSTANCE.bucketOf(1000)] = 1;
        assertEquals("\n"
                        + "           value  ------------- Distribution ------------- count    \n"
                        + "             256 |                                         0        \n"
                        + "             512 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n"
                        + "            1024 |                                         0        \n",
                DTraceDistribution.format(QuantizeBuckets.INSTANCE, counts));
    }

    @Test
    void quantizeWithNegativesAndRounding() {
        QuantizeBuckets q = QuantizeBuckets.INSTANCE;
        long[] counts = new long[QuantizeBuckets.BUCKETS];
        counts[q.bucketOf(-3)] = 1; // 40 * 1/3 = 13.3 -> 13
        counts[q.bucketOf(0)] = 2; // 26.7 -> 27
        assertEquals(
                HEADER + row("-8", 0, 0) + row("-4", 13, 1) + row("-2", 0, 0) + row("-1", 0, 0)
                        + row("0", 27, 2) + row("1", 0, 0),
                DTraceDistribution.format(q, counts));
    }

    @Test
    void emptyQuantizeShowsBucketsAroundZero() {
        assertEquals(HEADER + row("-1", 0, 0) + row("0", 0, 0) + row("1", 0, 0),
                DTraceDistribution.format(QuantizeBuckets.INSTANCE, new long[QuantizeBuckets.BUCKETS]));
    }

    @Test
    void lquantizeLabelsUnderflowAndOverflow() {
        LinearBuckets l = new LinearBuckets(0, 100, 10);
        long[] counts = new long[l.bucketCount()];
        counts[l.bucketOf(5)] = 3; // 24 @
        counts[l.bucketOf(95)] = 1; // 8 @
        counts[l.bucketOf(150)] = 1;
        StringBuilder expected = new StringBuilder(HEADER).append(row("< 0", 0, 0))
                .append(row("0", 24, 3));
        for (int v = 10; v <= 80; v += 10) {
            expected.append(row(Integer.toString(v), 0, 0));
        }
        expected.append(row("90", 8, 1)).append(row(">= 100", 8, 1));
        assertEquals(expected.toString(), DTraceDistribution.format(l, counts));
    }

    @Test
    void emptyLquantizeShowsFirstThreeRows() {
        LinearBuckets l = new LinearBuckets(0, 100, 10);
        assertEquals(HEADER + row("< 0", 0, 0) + row("0", 0, 0) + row("10", 0, 0),
                DTraceDistribution.format(l, new long[l.bucketCount()]));
    }
}
