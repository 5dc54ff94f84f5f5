package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.Script;
import dev.shadowtrace.lang.diag.Diagnostics;
import dev.shadowtrace.lang.diag.ScriptException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Type-checks a parsed {@link Script}.
 *
 * <p>Variables and maps take the type of their first assignment in source order. Because a clause
 * may read a variable that a later clause assigns (a return probe written before its entry probe),
 * the checker first runs silent passes over the whole script until no new symbol gets a type, then
 * a final pass that reports errors against the complete symbol tables.
 */
public final class Checker {

    private Checker() {
    }

    /**
     * Checks a script.
     *
     * @return the script with every expression typed, and its symbol tables
     * @throws ScriptException with every type error found, sorted by position
     */
    public static CheckedScript check(Script script) throws ScriptException {
        Symbols symbols = new Symbols();
        int known;
        do {
            known = symbols.size();
            Diagnostics ignored = new Diagnostics(script.source());
            script.clauses().forEach(clause -> new ClauseChecker(ignored, symbols, clause).check());
        } while (symbols.size() > known);

        Diagnostics diagnostics = new Diagnostics(script.source());
        List<Clause> clauses = new ArrayList<>();
        List<Map<String, VariableSymbol>> clauseLocals = new ArrayList<>();
        for (Clause clause : script.clauses()) {
            ClauseChecker checker = new ClauseChecker(diagnostics, symbols, clause);
            clauses.add(checker.check());
            clauseLocals.add(checker.locals());
        }
        diagnostics.throwIfErrors();
        return new CheckedScript(new Script(script.source(), clauses), symbols.maps, symbols.globals,
                symbols.threadLocals, clauseLocals);
    }
}
