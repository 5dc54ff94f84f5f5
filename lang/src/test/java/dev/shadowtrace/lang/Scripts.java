package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.ExprStatement;
import dev.shadowtrace.lang.ast.Script;
import dev.shadowtrace.lang.ast.Statement;
import dev.shadowtrace.lang.check.CheckedScript;
import dev.shadowtrace.lang.diag.ScriptException;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** Shorthands for tests: parse or check a script that must be valid, or get the errors of an invalid one. */
public final class Scripts {

    public static final String NAME = "test.d";

    private Scripts() {
    }

    public static Script parse(String text) {
        try {
            return ScriptParser.parse(NAME, text);
        } catch (ScriptException e) {
            return fail("unexpected error:\n" + e.render());
        }
    }

    public static CheckedScript check(String text) {
        try {
            return Lang.parseAndCheck(NAME, text);
        } catch (ScriptException e) {
            return fail("unexpected error:\n" + e.render());
        }
    }

    /** The rendered errors of a script that must fail to parse or check. */
    public static String errors(String text) {
        return assertThrows(ScriptException.class, () -> Lang.parseAndCheck(NAME, text)).render();
    }

    /** The error messages only (no position, source line or hint), one per diagnostic. */
    public static List<String> messages(String text) {
        ScriptException e = assertThrows(ScriptException.class, () -> Lang.parseAndCheck(NAME, text));
        return e.diagnostics().stream().map(d -> d.message()).collect(Collectors.toList());
    }

    /** The statements of the first clause of a script, printed by {@link AstPrinter}. */
    public static String body(Script script) {
        return script.clauses().get(0).body().stream().map(AstPrinter::print).collect(Collectors.joining("; "));
    }

    /** The AST of one expression, parsed as the only statement of a BEGIN clause and printed. */
    public static String expr(String expression) {
        return AstPrinter.print(parseExpr(expression));
    }

    /** One expression, parsed as the only statement of an fbt entry clause. */
    public static Expr parseExpr(String expression) {
        Clause clause = parse("fbt::f:entry { " + expression + "; }").clauses().get(0);
        Statement statement = clause.body().get(0);
        return ((ExprStatement) statement).expr();
    }

    /** One expression, checked as the only statement of an fbt entry clause (with extra clauses before). */
    public static Expr checkExpr(String prelude, String expression) {
        CheckedScript checked = check(prelude + "\nfbt::f:entry { " + expression + "; }");
        List<Clause> clauses = checked.script().clauses();
        return ((ExprStatement) clauses.get(clauses.size() - 1).body().get(0)).expr();
    }
}
