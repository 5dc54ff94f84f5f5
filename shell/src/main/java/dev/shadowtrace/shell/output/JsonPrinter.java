package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.bpf.BucketLayout;
import dev.shadowtrace.compiler.bpf.HdrBuckets;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.runtime.aggregate.Distribution;
import dev.shadowtrace.runtime.aggregate.Drops;
import dev.shadowtrace.runtime.aggregate.HdrValue;
import dev.shadowtrace.runtime.aggregate.MapRow;
import dev.shadowtrace.runtime.aggregate.MapValue;
import dev.shadowtrace.runtime.aggregate.Value;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --json}: one JSON object per line, in the shape of bpftrace's {@code -f json}
 * ({@code {"type": ..., "data": ...}}; the schema is in shell/README.md, "Output"). Rows keep the
 * order of the text output (DTrace's: by value, smallest first).
 */
final class JsonPrinter implements Printer {
    private final PrintWriter out;
    private final Printf printf;

    JsonPrinter(PrintWriter out, Printf printf) {
        this.out = out;
        this.printf = printf;
    }

    @Override
    public void printf(String text) {
        line("printf", JsonText.string(text));
    }

    @Override
    public void printa(MapDescriptor map, List<MapRow> rows) throws IOException {
        boolean hdr = map.histogram().map(h -> h.layout() instanceof HdrBuckets).orElse(false);
        boolean histogram = map.histogram().isPresent() && !hdr;
        String body;
        if (map.key().fields().isEmpty()) {
            body = rows.isEmpty() ? (histogram ? "[]" : "null") : value(rows.get(0).value());
        } else {
            List<String> members = new ArrayList<>();
            for (MapRow row : rows) {
                members.add(JsonText.string(key(row.keys())) + ": " + value(row.value()));
            }
            body = "{" + String.join(", ", members) + "}";
        }
        line(hdr ? "hdr" : histogram ? "hist" : "map", "{" + JsonText.string(map.name()) + ": " + body + "}");
    }

    @Override
    public void printa(MapDescriptor map, List<MapRow> rows, String format) throws IOException {
        StringBuilder text = new StringBuilder();
        for (MapRow row : rows) {
            text.append(printf.row(format, row));
        }
        printf(text.toString());
    }

    @Override
    public void remaining(List<MapDescriptor> maps, List<List<MapRow>> rows) throws IOException {
        for (int i = 0; i < maps.size(); i++) {
            printa(maps.get(i), rows.get(i));
        }
    }

    @Override
    public void interval(int number, double seconds) {
        line("interval", String.format(Locale.ROOT, "{\"number\": %d, \"seconds\": %.3f}", number, seconds));
    }

    @Override
    public void drops(Drops drops) {
        line("drops", "{\"lost_records\": " + drops.lostRecords() + ", \"failed_map_updates\": "
                + drops.failedUpdates() + "}");
    }

    @Override
    public void trace(Value value) throws IOException {
        line("value", datum(value));
    }

    @Override
    public void exit(int status) {
        line("exit", Long.toString(status));
    }

    @Override
    public void flush() {
        out.flush();
    }

    private void line(String type, String data) {
        out.print("{\"type\": " + JsonText.string(type) + ", \"data\": " + data + "}\n");
    }

    /** Keys joined by commas, as bpftrace writes tuple keys; a stack as its frames, one per line. */
    private String key(List<Value> keys) throws IOException {
        List<String> parts = new ArrayList<>();
        for (Value k : keys) {
            parts.add(printf.text(k));
        }
        return String.join(",", parts);
    }

    private String value(MapValue value) throws IOException {
        if (value instanceof Distribution d) {
            return buckets(d);
        }
        if (value instanceof HdrValue h) {
            return hdr(h);
        }
        if (value instanceof MapValue.Number n) {
            return JsonText.number(n.value());
        }
        if (value instanceof MapValue.Stats s) {
            return "{\"count\": " + JsonText.number(s.count()) + ", \"avg\": " + JsonText.number(s.avg())
                    + ", \"sum\": " + JsonText.number(s.sum()) + ", \"min\": " + JsonText.number(s.min())
                    + ", \"max\": " + JsonText.number(s.max()) + "}";
        }
        return datum(((MapValue.Plain) value).value());
    }

    private String datum(Value v) throws IOException {
        if (v instanceof Value.Int i) {
            return JsonText.number(i.value());
        }
        if (v instanceof Value.Stack s) {
            List<String> frames = new ArrayList<>();
            for (String frame : printf.text(s).split("\n", -1)) {
                frames.add(JsonText.string(frame));
            }
            return "[" + String.join(",", frames) + "]";
        }
        return JsonText.string(printf.text(v));
    }

    /**
     * {@code {"count": n, "min": .., "mean": .., "p50": .., "p90": .., "p99": .., "p99.9": .., "max": ..,
     * "stddev": .., "negative": n, "digits": d, "encoded": "..."}}: the text's fields, the values below
     * 0 that HdrHistogram cannot hold, its precision and its compressed encoding (base64).
     */
    private static String hdr(HdrValue h) {
        List<String> members = new ArrayList<>();
        for (Map.Entry<String, java.lang.Number> field : h.summary().entrySet()) {
            java.lang.Number n = field.getValue();
            String number = n instanceof Double d ? Double.toString(d) : JsonText.number(n.longValue());
            members.add(JsonText.string(field.getKey()) + ": " + number);
        }
        members.add("\"negative\": " + JsonText.number(h.negative()));
        members.add("\"digits\": " + h.histogram().getNumberOfSignificantValueDigits());
        members.add("\"encoded\": " + JsonText.string(h.encoded()));
        return "{" + String.join(", ", members) + "}";
    }

    /**
     * The buckets from the first to the last non-empty one, each {@code {"min": a, "max": b,
     * "count": n}} with inclusive bounds; an unbounded end (lquantize's underflow and overflow
     * buckets, quantize's extremes) has no min or max.
     */
    private static String buckets(Distribution d) {
        BucketLayout layout = d.layout();
        long[] counts = d.counts();
        int first = 0;
        while (first < counts.length && counts[first] == 0) {
            first++;
        }
        int last = counts.length - 1;
        while (last >= first && counts[last] == 0) {
            last--;
        }
        List<String> buckets = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            List<String> members = new ArrayList<>();
            if (layout.lowerBound(i) != Long.MIN_VALUE) {
                members.add("\"min\": " + JsonText.number(layout.lowerBound(i)));
            }
            if (layout.upperBound(i) != Long.MAX_VALUE) {
                members.add("\"max\": " + JsonText.number(layout.upperBound(i)));
            }
            members.add("\"count\": " + counts[i]);
            buckets.add("{" + String.join(", ", members) + "}");
        }
        return "[" + String.join(",", buckets) + "]";
    }
}
