package dev.shadowtrace.lang.types;

/**
 * The buckets of an {@code lquantize(x, low, high, step)} aggregation: values below {@code low},
 * {@link #buckets()} buckets of width {@code step} from {@code low} up to {@code high}, and values
 * at or above {@code high}.
 */
public record LinearRange(long low, long high, long step) {

    /** The largest number of buckets between low and high (dtrace's limit). */
    public static final long MAX_BUCKETS = 65_535;

    public LinearRange {
        if (step <= 0 || high <= low) {
            throw new IllegalArgumentException("invalid range " + low + ".." + high + " step " + step);
        }
    }

    /** Number of buckets between low and high, not counting the underflow and overflow buckets. */
    public long buckets() {
        return (high - low + step - 1) / step;
    }

    @Override
    public String toString() {
        return low + ", " + high + ", " + step;
    }
}
