package dev.shadowtrace.lang.types;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The aggregating functions, usable only as {@code @name[keys] = f(...)}. */
public enum AggregationKind {
    /** {@code count()}: number of times the statement ran. */
    COUNT(0, 0, "count"),
    /** {@code sum(x)}. */
    SUM(1, 1, "sum"),
    /** {@code min(x)}. */
    MIN(1, 1, "min"),
    /** {@code max(x)}. */
    MAX(1, 1, "max"),
    /** {@code avg(x)}. */
    AVG(1, 1, "avg"),
    /** {@code stats(x)}: count, sum, min and max together (avg from them). */
    STATS(1, 1, "stats"),
    /** {@code quantize(x)}, alias {@code hist(x)}: power-of-two histogram. */
    QUANTIZE(1, 1, "quantize", "hist"),
    /** {@code lquantize(x, low, high[, step])}, alias {@code lhist}: linear histogram, step defaults to 1. */
    LQUANTIZE(3, 4, "lquantize", "lhist"),
    /** {@code llquantize(x, factor, low, high, steps)}: log-linear histogram (DTrace). */
    LLQUANTIZE(5, 5, "llquantize"),
    /** {@code hdr(x[, digits])}: HdrHistogram with 1 to 3 significant digits, default 2. */
    HDR(1, 2, "hdr");

    private final int minArgs;
    private final int maxArgs;
    private final List<String> names;

    AggregationKind(int minArgs, int maxArgs, String... names) {
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.names = List.of(names);
    }

    public int minArgs() {
        return minArgs;
    }

    public int maxArgs() {
        return maxArgs;
    }

    /** Whether the kernel keeps one map entry per bucket (quantize, lquantize, llquantize, hdr). */
    public boolean isHistogram() {
        return this == QUANTIZE || this == LQUANTIZE || this == LLQUANTIZE || this == HDR;
    }

    /** The canonical name, e.g. {@code "quantize"}. */
    public String canonicalName() {
        return names.get(0);
    }

    /** The canonical name followed by its aliases. */
    public List<String> names() {
        return names;
    }

    public static Optional<AggregationKind> byName(String name) {
        return Arrays.stream(values()).filter(k -> k.names.contains(name)).findFirst();
    }
}
