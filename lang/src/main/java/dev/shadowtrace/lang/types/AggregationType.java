package dev.shadowtrace.lang.types;

import java.util.Objects;
import java.util.Optional;

/**
 * The value type of an aggregation: which aggregating function feeds it, and for
 * {@code lquantize} its bucket range. One aggregation uses one such type for the whole script.
 *
 * @param kind  the aggregating function
 * @param range the buckets, present exactly when {@code kind} is {@link AggregationKind#LQUANTIZE}
 */
public record AggregationType(AggregationKind kind, Optional<LinearRange> range) implements Type {

    public AggregationType {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(range, "range");
        if (range.isPresent() != (kind == AggregationKind.LQUANTIZE)) {
            throw new IllegalArgumentException("only lquantize has a range: " + kind + " " + range);
        }
    }

    /** The type of a {@code kind} aggregation other than lquantize. */
    public static AggregationType of(AggregationKind kind) {
        return new AggregationType(kind, Optional.empty());
    }

    public static AggregationType lquantize(LinearRange range) {
        return new AggregationType(AggregationKind.LQUANTIZE, Optional.of(range));
    }

    /** E.g. {@code count()} or {@code lquantize(0, 100, 10)}. */
    @Override
    public String toString() {
        return kind.canonicalName() + "(" + range.map(LinearRange::toString).orElse("") + ")";
    }
}
