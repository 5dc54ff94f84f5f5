package dev.shadowtrace.lang.types;

/**
 * The type of an expression, variable or map.
 *
 * <ul>
 *   <li>{@link ScalarType}: {@code int} (64-bit signed), {@code string} (at most
 *       {@link ScalarType#STRING_SIZE} bytes including the NUL), {@code stack} (a kernel stack id), {@code buffer} (at most {@link ScalarType#BUFFER_SIZE} bytes
 *       copied by {@code buf()} or {@code copyin()}),
 *       {@code void} (actions such as {@code printf()}), and {@code UNRESOLVED} for expressions
 *       that have not been checked yet or failed to check;</li>
 *   <li>{@link AggregationType}: the value of an aggregation, e.g. {@code count()} or
 *       {@code lquantize(0, 100, 10)};</li>
 *   <li>{@link MapType}: a whole map, as passed to {@code printa(@a)} or {@code clear(@a)}.</li>
 * </ul>
 */
public sealed interface Type permits ScalarType, AggregationType, MapType {

    /** Whether a value of this type can be stored in a variable or map, or used as a map key. */
    default boolean isStorable() {
        return this == ScalarType.INT || this == ScalarType.STRING || this == ScalarType.STACK
                || this == ScalarType.BUFFER;
    }
}
