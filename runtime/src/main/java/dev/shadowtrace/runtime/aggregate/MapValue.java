package dev.shadowtrace.runtime.aggregate;

/**
 * The value of one key of a script map, merged over CPUs: what printa() and print() show.
 */
public sealed interface MapValue permits MapValue.Number, MapValue.Plain, Distribution, HdrValue {

    /** count(), sum(), min(), max(), avg(): the aggregated integer (avg: the truncated mean). */
    public record Number(long value) implements MapValue {}

    /** A plain map's last stored value. */
    public record Plain(Value value) implements MapValue {}
}
