package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.ast.AggregationCall;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.MapRef;
import dev.shadowtrace.lang.diag.Diagnostics;
import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.diag.Suggest;
import dev.shadowtrace.lang.types.AggregationType;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.List;
import java.util.Optional;

/**
 * Keeps every use of a map consistent with its first assignment or aggregation: same number and
 * types of keys, same value type, and an aggregation bound to one aggregating function.
 */
final class MapChecker {

    private final Diagnostics diagnostics;
    private final Symbols symbols;

    MapChecker(Diagnostics diagnostics, Symbols symbols) {
        this.diagnostics = diagnostics;
        this.symbols = symbols;
    }

    /** The value type of a map element read; aggregations cannot be read. */
    Type read(MapAccess access, List<Expr> keys) {
        Optional<MapSymbol> symbol = find(access.name(), access.pos());
        if (symbol.isEmpty()) {
            return ScalarType.UNRESOLVED;
        }
        if (symbol.get().isAggregation()) {
            diagnostics.error(access.pos(), access.name() + " is an aggregation; its values cannot be read",
                    "print it with printa(" + access.name() + ")");
            return ScalarType.UNRESOLVED;
        }
        checkKeys(symbol.get(), access, keys);
        return symbol.get().value();
    }

    /**
     * The value type of the element {@code delete()} removes (an aggregation's too): the map must
     * exist and the keys match; UNRESOLVED after an error.
     */
    Type element(MapAccess access, List<Expr> keys) {
        Optional<MapSymbol> symbol = find(access.name(), access.pos());
        if (symbol.isEmpty()) {
            return ScalarType.UNRESOLVED;
        }
        checkKeys(symbol.get(), access, keys);
        return symbol.get().value();
    }

    /** The type of a whole map passed to printa(), clear()... */
    Type whole(MapRef ref) {
        return find(ref.name(), ref.pos()).<Type>map(MapSymbol::type).orElse(ScalarType.UNRESOLVED);
    }

    /** Records {@code @m[keys] = value}; returns the map's value type. */
    Type assign(MapAccess access, List<Expr> keys, Expr value) {
        MapSymbol symbol = symbols.maps.get(access.name());
        if (symbol == null) {
            define(access, keys, value.type());
            return value.type();
        }
        if (!isPlain(symbol, access, keys)) {
            return ScalarType.UNRESOLVED;
        }
        if (value.type().isStorable() && !value.type().equals(symbol.value())) {
            diagnostics.error(value.pos(), access.name() + " holds values of type " + symbol.value()
                    + " (first assigned at " + symbol.firstUse() + "), but this value has type " + value.type());
        }
        return symbol.value();
    }

    /**
     * Records a read-modify-write ({@code @m[k] += v}, {@code @m[k]++}): a new map gets int values;
     * returns the map's value type, which the caller checks is int.
     */
    Type update(MapAccess access, List<Expr> keys) {
        MapSymbol symbol = symbols.maps.get(access.name());
        if (symbol == null) {
            define(access, keys, ScalarType.INT);
            return ScalarType.INT;
        }
        return isPlain(symbol, access, keys) ? symbol.value() : ScalarType.UNRESOLVED;
    }

    /** Whether a map written as a plain map is one (reported if not), with matching keys. */
    private boolean isPlain(MapSymbol symbol, MapAccess access, List<Expr> keys) {
        if (symbol.value() instanceof AggregationType aggregation) {
            diagnostics.error(access.pos(), access.name() + " is an aggregation (" + aggregation + " at "
                    + symbol.firstUse() + ") and cannot be assigned a value",
                    "update it with " + access.name() + "[...] = " + aggregation.kind().canonicalName() + "(...)");
            return false;
        }
        checkKeys(symbol, access, keys);
        return true;
    }

    /** Records {@code @m[keys] = f(...)} for an aggregating function f. */
    void aggregate(MapAccess access, List<Expr> keys, AggregationCall call) {
        MapSymbol symbol = symbols.maps.get(access.name());
        if (symbol == null) {
            define(access, keys, call.type());
            return;
        }
        if (!symbol.isAggregation()) {
            diagnostics.error(call.pos(), access.name() + " is a plain map (first assigned at " + symbol.firstUse()
                    + ") and cannot also aggregate " + call.name() + "()");
            return;
        }
        if (call.type() instanceof AggregationType type && !type.equals(symbol.value())) {
            diagnostics.error(call.pos(), access.name() + " already aggregates with " + symbol.value() + " (at "
                    + symbol.firstUse() + "); it cannot also use " + type,
                    "an aggregation uses the same aggregating function everywhere in the script");
        }
        checkKeys(symbol, access, keys);
    }

    private void define(MapAccess access, List<Expr> keys, Type value) {
        boolean typed = value.isStorable() || value instanceof AggregationType;
        if (typed && keys.stream().allMatch(k -> k.type().isStorable())) {
            symbols.maps.put(access.name(), new MapSymbol(access.name(),
                    keys.stream().map(Expr::type).toList(), value, access.pos()));
        }
    }

    private Optional<MapSymbol> find(String name, SourcePos pos) {
        MapSymbol symbol = symbols.maps.get(name);
        if (symbol == null) {
            String message = "unknown map " + name;
            Optional<String> suggestion = Suggest.didYouMean(name, symbols.maps.keySet());
            if (suggestion.isPresent()) {
                diagnostics.error(pos, message + "; " + suggestion.get());
            } else {
                diagnostics.error(pos, message,
                        "a map must be assigned (@m[k] = v) or aggregated (@m[k] = count()) somewhere in the script");
            }
        }
        return Optional.ofNullable(symbol);
    }

    private void checkKeys(MapSymbol symbol, MapAccess access, List<Expr> keys) {
        int expected = symbol.keys().size();
        if (keys.size() != expected) {
            diagnostics.error(access.pos(), access.name() + " has " + keyCount(expected) + " (first used at "
                    + symbol.firstUse() + "), but is used with " + keyCount(keys.size()) + " here");
            return;
        }
        for (int i = 0; i < expected; i++) {
            Type type = keys.get(i).type();
            if (type.isStorable() && !type.equals(symbol.keys().get(i))) {
                diagnostics.error(keys.get(i).pos(), "key " + (i + 1) + " of " + access.name() + " has type "
                        + symbol.keys().get(i) + " (first used at " + symbol.firstUse()
                        + "), but this key has type " + type);
            }
        }
    }

    private static String keyCount(int n) {
        return n == 0 ? "no keys" : n == 1 ? "1 key" : n + " keys";
    }
}
