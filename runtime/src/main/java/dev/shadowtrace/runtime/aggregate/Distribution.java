package dev.shadowtrace.runtime.aggregate;

import dev.shadowtrace.compiler.bpf.BucketLayout;
import dev.shadowtrace.compiler.bpf.BucketsToHdr;
import dev.shadowtrace.compiler.bpf.LinearBuckets;
import dev.shadowtrace.compiler.bpf.LogLinearBuckets;
import dev.shadowtrace.compiler.bpf.SignedHistogram;

import java.math.BigInteger;
import java.util.Optional;

/**
 * A quantize() or lquantize() aggregate of one key: the bucket counts summed over CPUs, held as an
 * HdrHistogram ({@link BucketsToHdr}: lossless, every bucket reads back exactly) so that the
 * results leave the kernel as HdrHistogram aggregates, as the design says; what is printed is read
 * back from it. An lquantize range too fine for HdrHistogram at its magnitude keeps the plain counts.
 */
public final class Distribution implements MapValue {
    private final BucketLayout layout;
    private final Optional<SignedHistogram> histogram;
    private final long[] counts;
    private final BigInteger weight;
    private final long zeroCount;

    private Distribution(BucketLayout layout, Optional<SignedHistogram> histogram, long[] counts) {
        this.layout = layout;
        this.histogram = histogram;
        this.counts = counts;
        BigInteger total = BigInteger.ZERO;
        long zero = 0;
        for (int i = 0; i < counts.length; i++) {
            long value = bucketValue(i);
            total = total.add(BigInteger.valueOf(counts[i]).multiply(BigInteger.valueOf(value)));
            zero = value == 0 ? counts[i] : zero;
        }
        this.weight = total;
        this.zeroCount = zero;
    }

    /** @param counts one count per bucket of {@code layout} */
    public static Distribution of(BucketLayout layout, long[] counts) {
        SignedHistogram histogram;
        try {
            histogram = BucketsToHdr.convert(layout, counts);
        } catch (IllegalArgumentException tooFine) {
            return new Distribution(layout, Optional.empty(), counts.clone());
        }
        long[] readBack = new long[layout.bucketCount()];
        for (int i = 0; i < readBack.length; i++) {
            readBack[i] = histogram.countBetween(layout.lowerBound(i), layout.upperBound(i));
        }
        return new Distribution(layout, Optional.of(histogram), readBack);
    }

    public BucketLayout layout() {
        return layout;
    }

    /** The HdrHistogram form, absent only for lquantize buckets narrower than its resolution. */
    public Optional<SignedHistogram> histogram() {
        return histogram;
    }

    /** The count of every bucket (read back from the histogram). */
    public long[] counts() {
        return counts.clone();
    }

    /**
     * What DTrace sorts distributions by: the sum of count times bucket value (the bucket's label;
     * for lquantize's underflow and overflow buckets, one below and one above the range).
     */
    public BigInteger weight() {
        return weight;
    }

    /** DTrace's tie-breaker after {@link #weight()}: the count of the bucket whose value is 0. */
    public long zeroCount() {
        return zeroCount;
    }

    private long bucketValue(int bucket) {
        if (layout instanceof LinearBuckets linear) {
            if (bucket == 0) {
                return (long) linear.lo() - 1;
            }
            if (bucket == linear.levels() + 1) {
                return (long) linear.top() + 1;
            }
        }
        if (layout instanceof LogLinearBuckets logLinear) {
            if (bucket == 0) {
                return logLinear.bottom() - 1;
            }
            if (bucket == logLinear.bucketCount() - 1) {
                return logLinear.top() + 1;
            }
        }
        return layout.lowerBound(bucket);
    }
}
