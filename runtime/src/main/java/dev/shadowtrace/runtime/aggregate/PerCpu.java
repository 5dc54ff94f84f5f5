package dev.shadowtrace.runtime.aggregate;

import dev.shadowtrace.compiler.layout.Layout;
import dev.shadowtrace.lang.types.AggregationKind;

/**
 * The per-CPU values of aggregations (compiler/README.md, "Maps"): a lookup of a PERCPU_HASH
 * returns one value per possible CPU, concatenated, each the value layout's size (a multiple of
 * 8). Per CPU: count {@code {count}}, sum {@code {sum}}, min {@code {min, count}}, max
 * {@code {max, count}}, avg {@code {sum, count}}, stats {@code {count, sum, min, max}}, histogram
 * buckets {@code {count}}.
 *
 * <p>Merging sums counts and sums; min and max take the smallest or largest over the CPUs whose
 * count is not 0 (a CPU that saw no value holds 0, which is not a minimum); avg is the summed sum
 * divided by the summed count, truncated as C does, 0 without values.
 */
public final class PerCpu {
    private PerCpu() {}

    /** The merged value of a count, sum, min, max or avg aggregation. */
    public static long merge(AggregationKind kind, Layout layout, byte[] perCpu) {
        int slot = slotSize(layout, perCpu);
        long first = 0;
        long count = 0;
        boolean any = false;
        for (int at = 0; at < perCpu.length; at += slot) {
            long a = Fields.word(perCpu, at);
            switch (kind) {
                case COUNT, SUM, QUANTIZE, LQUANTIZE, LLQUANTIZE, HDR -> first += a;
                case AVG -> {
                    first += a;
                    count += Fields.word(perCpu, at + 8);
                }
                case MIN, MAX -> {
                    if (Fields.word(perCpu, at + 8) != 0) {
                        first = !any ? a : kind == AggregationKind.MIN ? Math.min(first, a) : Math.max(first, a);
                        any = true;
                    }
                }
            }
        }
        if (kind == AggregationKind.AVG) {
            return count == 0 ? 0 : first / count;
        }
        return first;
    }

    /**
     * Feeds {@code value} into the slot of CPU {@code cpu}, as the kernel program does for its own
     * CPU: {@code {1}}, {@code {x}} or {@code {x, 1}} for a new slot, else an update in place.
     */
    public static void add(AggregationKind kind, Layout layout, byte[] perCpu, int cpu, long value) {
        int at = cpu * slotSize(layout, perCpu);
        switch (kind) {
            case COUNT, QUANTIZE, LQUANTIZE, LLQUANTIZE, HDR -> Fields.putWord(perCpu, at, Fields.word(perCpu, at) + 1);
            case SUM -> Fields.putWord(perCpu, at, Fields.word(perCpu, at) + value);
            case AVG -> {
                Fields.putWord(perCpu, at, Fields.word(perCpu, at) + value);
                Fields.putWord(perCpu, at + 8, Fields.word(perCpu, at + 8) + 1);
            }
            case MIN, MAX -> {
                long count = Fields.word(perCpu, at + 8);
                long current = Fields.word(perCpu, at);
                boolean replace = count == 0 || (kind == AggregationKind.MIN ? value < current : value > current);
                if (replace) {
                    Fields.putWord(perCpu, at, value);
                }
                Fields.putWord(perCpu, at + 8, count + 1);
            }
            case STATS -> {
                long count = Fields.word(perCpu, at);
                long min = Fields.word(perCpu, at + 16);
                long max = Fields.word(perCpu, at + 24);
                Fields.putWord(perCpu, at, count + 1);
                Fields.putWord(perCpu, at + 8, Fields.word(perCpu, at + 8) + value);
                Fields.putWord(perCpu, at + 16, count == 0 || value < min ? value : min);
                Fields.putWord(perCpu, at + 24, count == 0 || value > max ? value : max);
            }
        }
    }

    /**
     * The merged value of a stats() aggregation, per CPU {@code {count, sum, min, max}}: counts and
     * sums add up, min and max over the CPUs that saw a value.
     */
    public static MapValue.Stats stats(Layout layout, byte[] perCpu) {
        int slot = slotSize(layout, perCpu);
        long count = 0;
        long sum = 0;
        long min = 0;
        long max = 0;
        for (int at = 0; at < perCpu.length; at += slot) {
            long n = Fields.word(perCpu, at);
            if (n == 0) {
                continue;
            }
            long lo = Fields.word(perCpu, at + 16);
            long hi = Fields.word(perCpu, at + 24);
            min = count == 0 ? lo : Math.min(min, lo);
            max = count == 0 ? hi : Math.max(max, hi);
            count += n;
            sum += Fields.word(perCpu, at + 8);
        }
        return new MapValue.Stats(count, sum, min, max);
    }

    /** Sums a histogram bucket's per-CPU counts. */
    public static long sum(Layout layout, byte[] perCpu) {
        return merge(AggregationKind.COUNT, layout, perCpu);
    }

    private static int slotSize(Layout layout, byte[] perCpu) {
        int slot = (layout.size() + 7) / 8 * 8;
        if (slot == 0 || perCpu.length == 0 || perCpu.length % slot != 0) {
            throw new IllegalStateException("a per-CPU value of " + perCpu.length + " bytes is not a whole number of "
                    + slot + "-byte values");
        }
        return slot;
    }
}
