package dev.shadowtrace.compiler.bpf;

/**
 * Renders bucket counts as DTrace prints {@code quantize()} and {@code lquantize()} aggregations
 * ({@code dt_print_quantize}, {@code dt_print_lquantize} and {@code dt_print_quantline} in
 * libdtrace's dt_consume.c):
 *
 * <pre>
 *
 *            value  ------------- Distribution ------------- count
 *                0 |                                         0
 *                1 |@@@@@@@@@@@@@@@@@@@@                     2
 *                2 |@@@@@@@@@@@@@@@@@@@@                     2
 *                4 |                                         0
 * </pre>
 *
 * <p>Rows run from the bucket before the first non-empty one to the bucket after the last
 * (clamped to the layout); with no data, the three rows around zero for quantize and the first
 * three rows for lquantize. A bar has {@code round(40 * count / total)} '@' signs, total being the
 * sum of the shown counts. The text starts with a newline, as DTrace's does, and every line ends
 * in one. Counts cannot be negative here, so DTrace's two-sided bars never occur.
 */
public final class DTraceDistribution {
    private static final int BAR_WIDTH = 40;

    private DTraceDistribution() {}

    public static String format(BucketLayout layout, long[] counts) {
        if (counts.length != layout.bucketCount()) {
            throw new IllegalArgumentException(
                    counts.length + " counts for " + layout.bucketCount() + " buckets");
        }
        int first = 0;
        while (first < counts.length && counts[first] == 0) {
            first++;
        }
        int last;
        if (first == counts.length) {
            first = layout instanceof QuantizeBuckets ? QuantizeBuckets.ZERO_BUCKET - 1 : 0;
            last = first + 2;
        } else {
            last = counts.length - 1;
            while (counts[last] == 0) {
                last--;
            }
            first = Math.max(first - 1, 0);
            last = Math.min(last + 1, counts.length - 1);
        }
        double total = 0;
        for (int i = first; i <= last; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("negative bucket count " + counts[i]);
            }
            total += counts[i];
        }
        StringBuilder out = new StringBuilder(String.format(
                "\n%16s %41s %-9s\n", "value", "------------- Distribution -------------", "count"));
        for (int i = first; i <= last; i++) {
            int depth = total == 0 ? 0 : (int) (counts[i] * BAR_WIDTH / total + 0.5);
            out.append(String.format("%16s |%s%s %-9d\n",
                    layout.label(i), "@".repeat(depth), " ".repeat(BAR_WIDTH - depth), counts[i]));
        }
        return out.toString();
    }
}
