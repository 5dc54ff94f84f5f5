package dev.shadowtrace.runtime.aggregate;

import dev.shadowtrace.compiler.bpf.HdrBuckets;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * An hdr() aggregate of one key: the bucket counts summed over CPUs, loaded into an HdrHistogram
 * of the aggregation's precision ({@link HdrBuckets#histogram}: the kernel's buckets are the
 * histogram's own), and the number of negative values, which HdrHistogram cannot record.
 */
public record HdrValue(Histogram histogram, long negative) implements MapValue {
    // java.lang.Number is spelled out below: the inherited MapValue.Number would shadow it.
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final String[] PERCENTILE_NAMES = {"p50", "p90", "p99", "p99.9"};

    /** @param counts one count per bucket of {@code layout} */
    public static HdrValue of(HdrBuckets layout, long[] counts) {
        return new HdrValue(layout.histogram(counts), counts[0]);
    }

    /**
     * What is printed, in order: count, min, mean, p50, p90, p99, p99.9, max, stddev (integers as
     * {@code Long}, mean and stddev as {@code Double}), as HdrHistogram computes them (a
     * percentile or the max is the highest value equivalent to the recorded one). All 0 when empty.
     */
    public Map<String, java.lang.Number> summary() {
        Map<String, java.lang.Number> fields = new LinkedHashMap<>();
        boolean empty = histogram.getTotalCount() == 0;
        fields.put("count", histogram.getTotalCount());
        fields.put("min", empty ? 0L : histogram.getMinValue());
        fields.put("mean", empty ? 0.0 : histogram.getMean());
        for (int i = 0; i < PERCENTILES.length; i++) {
            fields.put(PERCENTILE_NAMES[i], empty ? 0L : histogram.getValueAtPercentile(PERCENTILES[i]));
        }
        fields.put("max", empty ? 0L : histogram.getMaxValue());
        fields.put("stddev", empty ? 0.0 : histogram.getStdDeviation());
        return fields;
    }

    /**
     * The text form: a newline, a header line and a line of values, each column 12 wide (mean and
     * stddev with one decimal); a last column {@code negative} only when negative values occurred.
     */
    public String table() {
        StringBuilder header = new StringBuilder("\n");
        StringBuilder values = new StringBuilder("\n");
        for (Map.Entry<String, java.lang.Number> field : summary().entrySet()) {
            header.append(String.format(" %11s", field.getKey()));
            java.lang.Number n = field.getValue();
            values.append(n instanceof Double d
                    ? String.format(Locale.ROOT, " %11.1f", d)
                    : String.format(" %11d", n.longValue()));
        }
        if (negative > 0) {
            header.append(String.format(" %11s", "negative"));
            values.append(String.format(" %11d", negative));
        }
        return header.append(values).toString();
    }

    /** HdrHistogram's standard compressed encoding, base64, as {@code HistogramLogWriter} writes it. */
    public String encoded() {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
