package dev.shadowtrace.runtime.aggregate;

/**
 * The value of one key of a script map, merged over CPUs: what printa() and print() show.
 */
public sealed interface MapValue permits MapValue.Number, MapValue.Stats, MapValue.Plain, Distribution, HdrValue {

    /** count(), sum(), min(), max(), avg(): the aggregated integer (avg: the truncated mean). */
    public record Number(long value) implements MapValue {}

    /** stats(): how many values, their sum, smallest and largest (all 0 without values). */
    public record Stats(long count, long sum, long min, long max) implements MapValue {
        /** The mean, truncated as C does (as avg()); 0 without values. */
        public long avg() {
            return count == 0 ? 0 : sum / count;
        }

        /** As the text output prints it: {@code count 3  avg 5  sum 15  min 1  max 9}. */
        public String text() {
            return "count " + count + "  avg " + avg() + "  sum " + sum + "  min " + min + "  max " + max;
        }
    }

    /** A plain map's last stored value. */
    public record Plain(Value value) implements MapValue {}
}
