package dev.shadowtrace.lang.types;

import java.util.Objects;
import java.util.Optional;

/**
 * The value type of an aggregation: which aggregating function feeds it, for {@code lquantize} its
 * bucket range, and for {@code hdr} its precision. One aggregation uses one such type for the
 * whole script.
 *
 * @param kind   the aggregating function
 * @param range  the buckets, present exactly when {@code kind} is {@link AggregationKind#LQUANTIZE}
 * @param logRange the buckets, present exactly when {@code kind} is {@link AggregationKind#LLQUANTIZE}
 * @param digits HdrHistogram's significant digits ({@value #MIN_DIGITS} to {@value #MAX_DIGITS})
 *               when {@code kind} is {@link AggregationKind#HDR}, else 0
 */
public record AggregationType(AggregationKind kind, Optional<LinearRange> range, int digits,
        Optional<LogLinearRange> logRange) implements Type {
    public static final int MIN_DIGITS = 1;
    public static final int MAX_DIGITS = 3;
    public static final int DEFAULT_DIGITS = 2;

    public AggregationType {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(range, "range");
        if (range.isPresent() != (kind == AggregationKind.LQUANTIZE)) {
            throw new IllegalArgumentException("only lquantize has a range: " + kind + " " + range);
        }
        Objects.requireNonNull(logRange, "logRange");
        if (logRange.isPresent() != (kind == AggregationKind.LLQUANTIZE)) {
            throw new IllegalArgumentException("only llquantize has a log-linear range: " + kind + " " + logRange);
        }
        boolean digitsValid = kind == AggregationKind.HDR ? digits >= MIN_DIGITS && digits <= MAX_DIGITS : digits == 0;
        if (!digitsValid) {
            throw new IllegalArgumentException("only hdr has 1 to 3 significant digits: " + kind + " " + digits);
        }
    }

    /** The type of a {@code kind} aggregation other than lquantize and hdr. */
    public static AggregationType of(AggregationKind kind) {
        return new AggregationType(kind, Optional.empty(), 0, Optional.empty());
    }

    public static AggregationType llquantize(LogLinearRange range) {
        return new AggregationType(AggregationKind.LLQUANTIZE, Optional.empty(), 0, Optional.of(range));
    }

    public static AggregationType lquantize(LinearRange range) {
        return new AggregationType(AggregationKind.LQUANTIZE, Optional.of(range), 0, Optional.empty());
    }

    public static AggregationType hdr(int digits) {
        return new AggregationType(AggregationKind.HDR, Optional.empty(), digits, Optional.empty());
    }

    /** E.g. {@code count()}, {@code lquantize(0, 100, 10)} or {@code hdr(2 digits)}. */
    @Override
    public String toString() {
        String args = kind == AggregationKind.HDR ? digits + (digits == 1 ? " digit" : " digits")
                : kind == AggregationKind.LLQUANTIZE ? logRange.map(LogLinearRange::toString).orElse("")
                : range.map(LinearRange::toString).orElse("");
        return kind.canonicalName() + "(" + args + ")";
    }
}
