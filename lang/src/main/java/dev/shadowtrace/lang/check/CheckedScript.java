package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.ast.Script;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A script that passed the checker: every expression in {@link #script()} has a resolved type, and
 * the symbol tables give the type of every map and variable (each in source order of first use).
 *
 * @param script       the typed AST
 * @param maps         maps and aggregations by name, {@code @} included
 * @param globals      global variables by name
 * @param threadLocals {@code self->} variables by name (without {@code self->})
 * @param clauseLocals for each clause (same index as {@code script().clauses()}), its {@code this->}
 *                     and {@code $} variables by display name ({@code this->x}, {@code $x})
 */
public record CheckedScript(Script script, Map<String, MapSymbol> maps, Map<String, VariableSymbol> globals,
                            Map<String, VariableSymbol> threadLocals,
                            List<Map<String, VariableSymbol>> clauseLocals) {

    public CheckedScript {
        maps = ordered(maps);
        globals = ordered(globals);
        threadLocals = ordered(threadLocals);
        clauseLocals = clauseLocals.stream().map(CheckedScript::ordered).toList();
        if (clauseLocals.size() != script.clauses().size()) {
            throw new IllegalArgumentException("one clause-local table per clause");
        }
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
