package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.runtime.aggregate.HdrValue;
import dev.shadowtrace.runtime.aggregate.MapRow;
import dev.shadowtrace.runtime.aggregate.Value;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * {@code --hdr-log FILE}: every hdr() aggregation as an HdrHistogram interval log, written with
 * HdrHistogram's own {@link HistogramLogWriter} (so its {@code HistogramLogReader} and log tools read
 * it): a header with the trace's start time, then one histogram per aggregation key and interval,
 * tagged {@code @name} or {@code @name[key;key]} (the log format's delimiters, commas and
 * whitespace, in a key become {@code _}). Interval times are seconds since the start.
 */
final class HdrIntervalLog implements AutoCloseable {
    private final PrintStream out;
    private final HistogramLogWriter writer;

    /** Writes the log's header to {@code out}; {@code startMillis} is the trace's start, epoch milliseconds. */
    HdrIntervalLog(OutputStream out, long startMillis) {
        this.out = new PrintStream(out, false);
        this.writer = new HistogramLogWriter(this.out);
        writer.outputComment("shadowtrace hdr() aggregations, one histogram per key and interval");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMillis);
        writer.setBaseTime(startMillis);
        writer.outputBaseTime(startMillis);
        writer.outputLegend();
        this.out.flush();
    }

    /**
     * Writes the hdr() rows among {@code rows} as the interval from {@code fromMillis} to
     * {@code toMillis} (epoch milliseconds), keys rendered by {@code keyText}.
     */
    void write(Map<MapDescriptor, List<MapRow>> rows, long fromMillis, long toMillis, Printf keyText)
            throws IOException {
        for (Map.Entry<MapDescriptor, List<MapRow>> map : rows.entrySet()) {
            for (MapRow row : map.getValue()) {
                if (!(row.value() instanceof HdrValue hdr)) {
                    continue;
                }
                Histogram histogram = hdr.histogram().copy();
                histogram.setTag(tag(map.getKey().name(), row.keys(), keyText));
                histogram.setStartTimeStamp(fromMillis);
                histogram.setEndTimeStamp(toMillis);
                writer.outputIntervalHistogram(fromMillis / 1000.0, toMillis / 1000.0, histogram, 1.0);
            }
        }
        out.flush();
        if (out.checkError()) {
            throw new IOException("cannot write the hdr log");
        }
    }

    private static String tag(String name, List<Value> keys, Printf keyText) throws IOException {
        if (keys.isEmpty()) {
            return name;
        }
        List<String> parts = new ArrayList<>();
        for (Value key : keys) {
            parts.add(keyText.text(key).replaceAll("[,\\s]", "_"));
        }
        return name + "[" + String.join(";", parts) + "]";
    }

    @Override
    public void close() {
        out.close();
    }
}
