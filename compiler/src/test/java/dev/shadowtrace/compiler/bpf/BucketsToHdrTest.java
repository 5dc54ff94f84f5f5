package dev.shadowtrace.compiler.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BucketsToHdrTest {
    private static final QuantizeBuckets Q = QuantizeBuckets.INSTANCE;

    private static void assertRoundTrip(BucketLayout layout, long[] counts) {
        SignedHistogram h = BucketsToHdr.convert(layout, counts);
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            assertEquals(counts[i], h.countBetween(layout.lowerBound(i), layout.upperBound(i)),
                    layout + " bucket " + i + " [" + layout.lowerBound(i) + ", " + layout.upperBound(i)
                            + "]");
            total += counts[i];
        }
        assertEquals(total, h.totalCount());
    }

    private static long[] randomCounts(int n, long seed) {
        Random random = new Random(seed);
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
            counts[i] = random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000);
        }
        return counts;
    }

    @Test
    void quantizeRoundTripIsExactForEveryBucket() {
        for (long seed = 0; seed < 20; seed++) {
            assertRoundTrip(Q, randomCounts(QuantizeBuckets.BUCKETS, seed));
        }
        long[] all = new long[QuantizeBuckets.BUCKETS];
        java.util.Arrays.fill(all, 1);
        assertRoundTrip(Q, all);
    }

    @Test
    void quantizeUsesZeroDigitsAndRecordsAtDocumentedValues() {
        long[] counts = new long[QuantizeBuckets.BUCKETS];
        counts[Q.bucketOf(0)] = 5;
        counts[Q.bucketOf(3)] = 7; // bucket [2, 3] recorded at 2
        counts[Q.bucketOf(Long.MAX_VALUE)] = 1; // [2^62, 2^63 - 1] at 2^62
        counts[Q.bucketOf(-1)] = 11; // [-1, -1] at ~(-1) = 0
        counts[Q.bucketOf(-3)] = 13; // [-4, -3] at ~(-3) = 2
        counts[Q.bucketOf(Long.MIN_VALUE)] = 17; // [-2^63, -2^62 - 1] at ~(-2^62 - 1) = 2^62
        SignedHistogram h = BucketsToHdr.convert(Q, counts);
        Histogram pos = h.nonNegative();
        Histogram neg = h.negative();
        assertEquals(0, pos.getNumberOfSignificantValueDigits());
        assertEquals(5, pos.getCountAtValue(0));
        assertEquals(7, pos.getCountAtValue(2));
        assertEquals(1, pos.getCountAtValue(1L << 62));
        assertEquals(11, neg.getCountAtValue(0));
        assertEquals(13, neg.getCountAtValue(2));
        assertEquals(17, neg.getCountAtValue(1L << 62));
        assertEquals(13, h.countBetween(-4, -3));
        assertEquals(0, h.countBetween(-2, -2));
    }

    @Test
    void linearRoundTripIsExact() {
        LinearBuckets[] layouts = {
            new LinearBuckets(0, 100, 10),
            new LinearBuckets(-50, 50, 7), // buckets straddling zero
            new LinearBuckets(0, 65535, 1),
            new LinearBuckets(Integer.MIN_VALUE, Integer.MAX_VALUE, 65536),
            new LinearBuckets(1_000_000, 1_100_000, 1000),
        };
        for (LinearBuckets l : layouts) {
            for (long seed = 0; seed < 3; seed++) {
                assertRoundTrip(l, randomCounts(l.bucketCount(), seed));
            }
        }
    }

    @Test
    void emptyCountsGiveEmptyHistograms() {
        SignedHistogram h = BucketsToHdr.convert(Q, new long[QuantizeBuckets.BUCKETS]);
        assertEquals(0, h.totalCount());
    }

    @Test
    void rejectsBucketsFinerThanHdrHistogramCanSeparate() {
        LinearBuckets narrowFarOut = new LinearBuckets(1_000_000_000, 1_000_000_010, 1);
        long[] counts = new long[narrowFarOut.bucketCount()];
        counts[3] = 1;
        assertThrows(IllegalArgumentException.class, () -> BucketsToHdr.convert(narrowFarOut, counts));
    }

    @Test
    void rejectsMismatchedOrNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> BucketsToHdr.convert(Q, new long[3]));
        long[] counts = new long[QuantizeBuckets.BUCKETS];
        counts[0] = -1;
        assertThrows(IllegalArgumentException.class, () -> BucketsToHdr.convert(Q, counts));
    }
}
