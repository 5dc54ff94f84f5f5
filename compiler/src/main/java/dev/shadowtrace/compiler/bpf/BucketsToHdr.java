package dev.shadowtrace.compiler.bpf;

import org.HdrHistogram.Histogram;

/**
 * Turns the bucket counts of a {@link BucketLayout} into HdrHistograms without losing any bucket.
 *
 * <p>Each non-empty bucket's count is recorded at one representative value chosen so that the
 * whole HdrHistogram sub-bucket ("equivalent value range") containing it lies inside the bucket.
 * Then no sub-bucket mixes two of our buckets, and {@link SignedHistogram#countBetween
 * countBetween(lowerBound(i), upperBound(i))} returns exactly {@code counts[i]} for every bucket i.
 *
 * <p>The representative is the smallest such value in the bucket's non-negative part, or failing
 * that in its negative part (see {@link SignedHistogram} for how negatives are stored). For
 * quantize this is always the bucket's lower bound 0 or 2^(k-1), and for negative buckets
 * [-2^k, -2^(k-1) - 1] the value -2^(k-1) - 1, stored as 2^(k-1).
 *
 * <p>Precision: the fewest significant digits (0 to {@value #MAX_SIGNIFICANT_DIGITS}) for which
 * every non-empty bucket has a representative; lowest discernible value 1; highest trackable value
 * the largest representative. Quantize always needs 0 digits, whose sub-buckets are exactly the
 * power-of-two buckets. A linear bucket of width {@code step} near magnitude {@code m} needs
 * sub-buckets no wider than about {@code (step + 1) / 2}, that is roughly {@code m <= 65536 *
 * (step + 1)} at 5 digits; wider-ranging lquantize buckets are rejected rather than merged.
 */
public final class BucketsToHdr {
    public static final int MAX_SIGNIFICANT_DIGITS = 5;

    private record Placement(boolean negative, long value) {}

    private BucketsToHdr() {}

    /**
     * @param counts one count per bucket of {@code layout}, none negative
     * @throws IllegalArgumentException if HdrHistogram cannot separate the non-empty buckets even at
     *     {@value #MAX_SIGNIFICANT_DIGITS} significant digits
     */
    public static SignedHistogram convert(BucketLayout layout, long[] counts) {
        if (counts.length != layout.bucketCount()) {
            throw new IllegalArgumentException(
                    counts.length + " counts for " + layout.bucketCount() + " buckets");
        }
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative bucket count " + c);
            }
        }
        for (int digits = 0; digits <= MAX_SIGNIFICANT_DIGITS; digits++) {
            Placement[] placements = place(layout, counts, new Histogram(2, digits));
            if (placements != null) {
                return record(counts, placements, digits);
            }
        }
        throw new IllegalArgumentException("buckets of " + layout
                + " are narrower than HdrHistogram's " + MAX_SIGNIFICANT_DIGITS
                + "-digit resolution at their magnitude; use the bucket counts directly");
    }

    /** Representatives for every non-empty bucket at the geometry's precision, or null. */
    private static Placement[] place(BucketLayout layout, long[] counts, Histogram geometry) {
        Placement[] placements = new Placement[counts.length];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            long lower = layout.lowerBound(i);
            long upper = layout.upperBound(i);
            long value = upper >= 0 ? fit(geometry, Math.max(lower, 0), upper) : -1;
            if (value >= 0) {
                placements[i] = new Placement(false, value);
                continue;
            }
            value = lower < 0 ? fit(geometry, ~Math.min(upper, -1), ~lower) : -1;
            if (value < 0) {
                return null;
            }
            placements[i] = new Placement(true, value);
        }
        return placements;
    }

    /**
     * The smallest value in [lo, hi] (0 <= lo <= hi) whose equivalent range lies inside [lo, hi],
     * or -1. Arithmetic wraps at Long.MAX_VALUE exactly where the last sub-bucket ends.
     */
    private static long fit(Histogram geometry, long lo, long hi) {
        long candidate =
                geometry.lowestEquivalentValue(lo) == lo ? lo : geometry.nextNonEquivalentValue(lo);
        if (candidate < lo || candidate > hi || geometry.highestEquivalentValue(candidate) > hi) {
            return -1;
        }
        return candidate;
    }

    private static SignedHistogram record(long[] counts, Placement[] placements, int digits) {
        long maxNonNegative = 2;
        long maxNegative = 2;
        for (Placement p : placements) {
            if (p != null && p.negative()) {
                maxNegative = Math.max(maxNegative, p.value());
            } else if (p != null) {
                maxNonNegative = Math.max(maxNonNegative, p.value());
            }
        }
        Histogram nonNegative = new Histogram(1, maxNonNegative, digits);
        Histogram negative = new Histogram(1, maxNegative, digits);
        for (int i = 0; i < counts.length; i++) {
            if (placements[i] != null) {
                Histogram target = placements[i].negative() ? negative : nonNegative;
                target.recordValueWithCount(placements[i].value(), counts[i]);
            }
        }
        return new SignedHistogram(nonNegative, negative);
    }
}
