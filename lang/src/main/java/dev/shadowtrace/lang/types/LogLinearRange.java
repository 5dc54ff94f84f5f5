package dev.shadowtrace.lang.types;

import java.util.ArrayList;
import java.util.List;

/**
 * The buckets of an {@code llquantize(x, factor, low, high, steps)} aggregation (DTrace's
 * log-linear histogram): values below {@code factor^low}; each order of magnitude m = low..high in
 * linear steps of width {@code factor^(m+1) / min(factor^(m+1), steps)}; values from
 * {@code factor^(high+1)}. The constructor accepts only ranges whose steps divide each magnitude
 * exactly, so every bucket has its own lower bound.
 */
public record LogLinearRange(int factor, int low, int high, int steps) {

    /** The largest number of buckets (as lquantize's). */
    public static final int MAX_BUCKETS = 65_535;

    /**
     * One order of magnitude: the values [{@code first}, {@code end}) in buckets of {@code width}
     * numbered from {@code firstBucket}.
     */
    public record Magnitude(long first, long end, long width, int firstBucket) {}

    /** @throws IllegalArgumentException with what is wrong, as {@link #problem} says */
    public LogLinearRange {
        String problem = problem(factor, low, high, steps);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** What is wrong with these arguments, in words; null if nothing. */
    public static String problem(long factor, long low, long high, long steps) {
        if (factor < 2 || factor > 0xffff) {
            return "the factor must be 2 to 65535, not " + factor;
        }
        if (low < 0 || high < low || high > 0xffff) {
            return "the magnitudes must satisfy 0 <= low <= high, not low " + low + " and high " + high;
        }
        if (steps < 1 || steps > 0xffff) {
            return "the steps per magnitude must be 1 to 65535, not " + steps;
        }
        try {
            magnitudes(factor, low, high, steps);
        } catch (ArithmeticException e) {
            return factor + "^" + (high + 1) + " does not fit in 64 bits: lower the high magnitude";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    /** The orders of magnitude low..high, in order. */
    public List<Magnitude> magnitudes() {
        return magnitudes(factor, low, high, steps);
    }

    /** Underflow, the magnitudes' buckets, overflow. */
    public int bucketCount() {
        List<Magnitude> all = magnitudes();
        Magnitude top = all.get(all.size() - 1);
        return (int) (top.firstBucket() + (top.end() - top.first()) / top.width()) + 1;
    }

    private static List<Magnitude> magnitudes(long factor, long low, long high, long steps) {
        long first = 1;
        for (long m = 0; m < low; m++) {
            first = Math.multiplyExact(first, factor);
        }
        List<Magnitude> magnitudes = new ArrayList<>();
        long bucket = 1;
        for (long m = low; m <= high; m++) {
            long end = Math.multiplyExact(first, factor);
            long buckets = Math.min(end, steps);
            if (end % buckets != 0 || buckets % factor != 0) {
                throw new IllegalArgumentException("the steps per magnitude (" + steps + ") must be a multiple of"
                        + " the factor (" + factor + ") that divides a power of it, such as " + factor + " or "
                        + factor * factor);
            }
            magnitudes.add(new Magnitude(first, end, end / buckets, (int) bucket));
            bucket += buckets - buckets / factor;
            if (bucket + 1 > MAX_BUCKETS) {
                throw new IllegalArgumentException("llquantize() would have more than " + MAX_BUCKETS
                        + " buckets; use fewer magnitudes or steps");
            }
            first = end;
        }
        return magnitudes;
    }

    @Override
    public String toString() {
        return factor + ", " + low + ", " + high + ", " + steps;
    }
}
