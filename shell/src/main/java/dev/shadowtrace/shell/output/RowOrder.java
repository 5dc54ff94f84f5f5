package dev.shadowtrace.shell.output;

import dev.shadowtrace.runtime.aggregate.Distribution;
import dev.shadowtrace.runtime.aggregate.Fields;
import dev.shadowtrace.runtime.aggregate.HdrValue;
import dev.shadowtrace.runtime.aggregate.MapRow;
import dev.shadowtrace.runtime.aggregate.MapValue;
import dev.shadowtrace.runtime.aggregate.Value;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * DTrace's order for printing an aggregation ({@code dtrace_aggregate_walk_sorted}): by value,
 * smallest first, ties by key. Values compare as signed integers (avg by its truncated mean);
 * distributions by the sum of count times bucket value, then by the count at zero; hdr() aggregates
 * by their number of values. Keys compare
 * position by position: integers as unsigned 64-bit numbers, strings, function names and probe
 * names by their bytes, stacks by id. Plain maps, which DTrace has not, sort the same way by their
 * value: integers, then strings by bytes.
 */
final class RowOrder implements Comparator<MapRow> {
    private final KernelNames names;

    RowOrder(KernelNames names) {
        this.names = names;
    }

    @Override
    public int compare(MapRow a, MapRow b) {
        int byValue = compareValues(a.value(), b.value());
        return byValue != 0 ? byValue : compareKeys(a.keys(), b.keys());
    }

    private int compareValues(MapValue a, MapValue b) {
        if (a instanceof MapValue.Number x && b instanceof MapValue.Number y) {
            return Long.compare(x.value(), y.value());
        }
        if (a instanceof MapValue.Stats x && b instanceof MapValue.Stats y) {
            int byCount = Long.compare(x.count(), y.count());
            return byCount != 0 ? byCount : Long.compare(x.sum(), y.sum());
        }
        if (a instanceof Distribution x && b instanceof Distribution y) {
            int byWeight = x.weight().compareTo(y.weight());
            return byWeight != 0 ? byWeight : Long.compare(x.zeroCount(), y.zeroCount());
        }
        if (a instanceof HdrValue x && b instanceof HdrValue y) {
            long countX = x.histogram().getTotalCount() + x.negative();
            return Long.compare(countX, y.histogram().getTotalCount() + y.negative());
        }
        if (a instanceof MapValue.Plain x && b instanceof MapValue.Plain y) {
            if (x.value() instanceof Value.Str s && y.value() instanceof Value.Str t) {
                return compareBytes(s.value(), t.value());
            }
            return Long.compare(Fields.number(x.value()), Fields.number(y.value()));
        }
        throw new IllegalArgumentException("values of different kinds: " + a + ", " + b);
    }

    private int compareKeys(List<Value> a, List<Value> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareKey(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private int compareKey(Value a, Value b) {
        if (a instanceof Value.Int x && b instanceof Value.Int y) {
            return Long.compareUnsigned(x.value(), y.value());
        }
        if (a instanceof Value.Stack x && b instanceof Value.Stack y) {
            return Long.compareUnsigned(x.id(), y.id());
        }
        return compareBytes(names.text(a), names.text(b));
    }

    private static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
