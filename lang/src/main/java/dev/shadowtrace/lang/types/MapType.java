package dev.shadowtrace.lang.types;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The type of a whole map as passed to {@code printa(@a)}, {@code print(@a)}, {@code clear(@a)} or
 * {@code trunc(@a)}.
 *
 * @param keys  the key types, empty for a map without keys such as {@code @total}
 * @param value the value type: an {@link AggregationType} for aggregations, else a storable scalar
 */
public record MapType(List<Type> keys, Type value) implements Type {

    public MapType {
        keys = List.copyOf(keys);
        Objects.requireNonNull(value, "value");
    }

    public boolean isAggregation() {
        return value instanceof AggregationType;
    }

    /** E.g. {@code map[string, int] of count()}. */
    @Override
    public String toString() {
        String keyList = keys.stream().map(Type::toString).collect(Collectors.joining(", "));
        return "map[" + keyList + "] of " + value;
    }
}
