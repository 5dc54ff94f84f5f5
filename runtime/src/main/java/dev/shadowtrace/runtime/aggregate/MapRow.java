package dev.shadowtrace.runtime.aggregate;

import java.util.List;

/**
 * One key of a script map with its merged value.
 *
 * @param keys    the script keys ({@code @m[k1, k2]}), none for {@code @m}
 * @param value   the value, merged over CPUs
 * @param bpfKeys the BPF map keys holding it: one, or one per non-empty bucket of a histogram
 */
public record MapRow(List<Value> keys, MapValue value, List<byte[]> bpfKeys) {

    public MapRow {
        keys = List.copyOf(keys);
        bpfKeys = List.copyOf(bpfKeys);
    }
}
