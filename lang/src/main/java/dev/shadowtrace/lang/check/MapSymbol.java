package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.AggregationType;
import dev.shadowtrace.lang.types.MapType;
import dev.shadowtrace.lang.types.Type;

import java.util.List;

/**
 * A map or aggregation of a checked script; its key and value types are fixed by its first
 * assignment or aggregation in source order.
 *
 * @param name     the name with its {@code @} ({@code "@"} for the anonymous map)
 * @param keys     the key types, empty for a map without keys
 * @param value    an {@link AggregationType} for aggregations, else {@code int}, {@code string} or {@code stack}
 * @param firstUse the first assignment or aggregation
 */
public record MapSymbol(String name, List<Type> keys, Type value, SourcePos firstUse) {

    public MapSymbol {
        keys = List.copyOf(keys);
    }

    public boolean isAggregation() {
        return value instanceof AggregationType;
    }

    public MapType type() {
        return new MapType(keys, value);
    }
}
