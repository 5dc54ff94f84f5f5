package dev.shadowtrace.compiler.bpf;

import org.HdrHistogram.Histogram;

/**
 * A distribution over all 64-bit signed values held in two HdrHistograms, since HdrHistogram
 * records only non-negative values.
 *
 * @param nonNegative values {@code v >= 0}, recorded at v
 * @param negative values {@code v < 0}, recorded at their one's complement {@code ~v = -v - 1 =
 *     |v| - 1}, which maps [Long.MIN_VALUE, -1] onto [0, Long.MAX_VALUE] without overflow and turns
 *     the quantize bucket [-2^k, -2^(k-1) - 1] into [2^(k-1), 2^k - 1], the same shape as the
 *     positive bucket of the same size
 */
public record SignedHistogram(Histogram nonNegative, Histogram negative) {

    /** The number of recorded values in {@code [lower, upper]}, reading both histograms. */
    public long countBetween(long lower, long upper) {
        long count = 0;
        if (upper >= 0) {
            count += nonNegative.getCountBetweenValues(Math.max(lower, 0), upper);
        }
        if (lower < 0) {
            count += negative.getCountBetweenValues(~Math.min(upper, -1), ~lower);
        }
        return count;
    }

    public long totalCount() {
        return nonNegative.getTotalCount() + negative.getTotalCount();
    }
}
