package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.ast.Availability;
import dev.shadowtrace.lang.ast.BuiltinVariable;
import dev.shadowtrace.lang.ast.VarScope;
import dev.shadowtrace.lang.ast.Variable;
import dev.shadowtrace.lang.diag.Diagnostics;
import dev.shadowtrace.lang.diag.Suggest;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves variable reads and assignments. A variable's type is fixed by its first assignment;
 * reading a global or thread-local that is never assigned, or a clause-local before its assignment
 * in the clause, is an error.
 */
final class VariableChecker {

    private final Diagnostics diagnostics;
    private final Symbols symbols;
    private final Map<String, VariableSymbol> locals;
    private final ProbeContext probes;

    VariableChecker(Diagnostics diagnostics, Symbols symbols, Map<String, VariableSymbol> locals, ProbeContext probes) {
        this.diagnostics = diagnostics;
        this.symbols = symbols;
        this.locals = locals;
        this.probes = probes;
    }

    /** The type of a variable read, or UNRESOLVED (reported) if it has no type yet. */
    Type read(Variable v) {
        if (!available(v)) {
            return ScalarType.UNRESOLVED;
        }
        VariableSymbol symbol = table(v.scope()).get(key(v));
        if (symbol != null) {
            return symbol.type();
        }
        reportUnknown(v);
        return ScalarType.UNRESOLVED;
    }

    /** Records an assignment of a {@code value}-typed value; returns the variable's type. */
    Type assign(Variable v, Type value) {
        if (!available(v)) {
            return ScalarType.UNRESOLVED;
        }
        Map<String, VariableSymbol> table = table(v.scope());
        VariableSymbol symbol = table.get(key(v));
        if (symbol == null) {
            if (value.isStorable()) {
                table.put(key(v), new VariableSymbol(v.scope(), v.name(), value, v.pos()));
            }
            return value;
        }
        if (value.isStorable() && !value.equals(symbol.type())) {
            diagnostics.error(v.pos(), symbol.displayName() + " has type " + symbol.type() + " (first assigned at "
                    + symbol.assignedAt() + "), but is assigned a value of type " + value + " here");
        }
        return symbol.type();
    }

    /**
     * Records a read-modify-write ({@code x += v}, {@code x++}): a new variable becomes an int;
     * returns the variable's type, which the caller checks is int.
     */
    Type update(Variable v) {
        if (!available(v)) {
            return ScalarType.UNRESOLVED;
        }
        VariableSymbol symbol = table(v.scope()).computeIfAbsent(key(v),
                k -> new VariableSymbol(v.scope(), v.name(), ScalarType.INT, v.pos()));
        return symbol.type();
    }

    private boolean available(Variable v) {
        return v.scope() != VarScope.THREAD
                || probes.require(Availability.TRACED_PROCESS, VarScope.THREAD.prefix() + v.name(), v.pos());
    }

    private Map<String, VariableSymbol> table(VarScope scope) {
        return switch (scope) {
            case GLOBAL -> symbols.globals;
            case THREAD -> symbols.threadLocals;
            case CLAUSE, SCRATCH -> locals;
        };
    }

    /** Clause-locals are keyed by display name, since this->x and $x are different variables. */
    private static String key(Variable v) {
        return v.scope().isClauseLocal() ? v.scope().prefix() + v.name() : v.name();
    }

    private void reportUnknown(Variable v) {
        String display = v.scope().prefix() + v.name();
        switch (v.scope()) {
            case GLOBAL -> reportUnknownGlobal(v.name(), v);
            case THREAD -> report(v, display + " is never assigned", symbols.threadLocals.keySet(),
                    "assign it before reading it, e.g. self->ts = timestamp in an entry probe");
            case CLAUSE, SCRATCH -> report(v, display + " is read before it is assigned in this clause",
                    locals.values().stream().filter(s -> s.scope() == v.scope()).map(VariableSymbol::name).toList(),
                    "clause-local variables only live during one execution of one clause");
        }
    }

    private void reportUnknownGlobal(String name, Variable v) {
        List<String> candidates = new ArrayList<>(BuiltinVariable.allNames());
        candidates.addAll(symbols.globals.keySet());
        List<String> close = Suggest.closest(name, candidates);
        if (close.isEmpty()) {
            diagnostics.error(v.pos(), "unknown variable '" + name + "'",
                    "a global variable must be assigned somewhere in the script before it can be read");
            return;
        }
        String kind = BuiltinVariable.byName(close.get(0)).isPresent() ? "built-in" : "variable";
        diagnostics.error(v.pos(), "unknown " + kind + " '" + name + "'; "
                + Suggest.didYouMean(name, candidates).orElseThrow());
    }

    private void report(Variable v, String message, Collection<String> names, String hint) {
        Optional<String> suggestion = Suggest.didYouMean(v.name(), names, v.scope().prefix());
        if (suggestion.isPresent()) {
            diagnostics.error(v.pos(), message + "; " + suggestion.get());
        } else {
            diagnostics.error(v.pos(), message, hint);
        }
    }
}
