package dev.shadowtrace.compiler.layout;

import dev.shadowtrace.compiler.bpf.HistogramMap;
import dev.shadowtrace.compiler.bpf.MapSpec;
import dev.shadowtrace.lang.types.AggregationType;
import dev.shadowtrace.lang.types.Type;

import java.util.Optional;

/**
 * A script map ({@code @name}) as stored in a BPF map, with what the runtime needs to decode it.
 *
 * @param name      the script name with its {@code @} ({@code @} alone for the anonymous map)
 * @param spec      the BPF map: {@code HASH} for plain maps, {@code PERCPU_HASH} for aggregations
 * @param valueType the script's value type: an {@link AggregationType}, or {@code int}/{@code string}/{@code stack}
 * @param key       the BPF key: one field per script key ({@code key1}, {@code key2}, ...) at its offset
 *                  in the BPF key; histograms have their bucket (u64) in bytes 0-7 before them; a map
 *                  without keys has one 8-byte zero key (histograms: just the bucket)
 * @param value     the BPF value, per CPU for aggregations
 * @param histogram for quantize() and lquantize(): the buckets and the key contract of {@link HistogramMap}
 */
public record MapDescriptor(String name, MapSpec spec, Type valueType, Layout key, Layout value,
                            Optional<HistogramMap> histogram) {

    public Optional<AggregationType> aggregation() {
        return valueType instanceof AggregationType a ? Optional.of(a) : Optional.empty();
    }
}
