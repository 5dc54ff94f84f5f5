package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.Aggregate;
import dev.shadowtrace.lang.ast.Assign;
import dev.shadowtrace.lang.ast.Binary;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.Conditional;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.ExprStatement;
import dev.shadowtrace.lang.ast.ExprVisitor;
import dev.shadowtrace.lang.ast.If;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.Script;
import dev.shadowtrace.lang.ast.Statement;
import dev.shadowtrace.lang.ast.Unary;
import dev.shadowtrace.lang.ast.VarScope;
import dev.shadowtrace.lang.check.CheckedScript;
import dev.shadowtrace.lang.check.Checker;
import dev.shadowtrace.lang.check.VariableSymbol;
import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.ScalarType;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.shadowtrace.lang.Scripts.check;
import static dev.shadowtrace.lang.Scripts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checked AST and symbol tables that the compiler consumes. */
class CheckedScriptTest {

    private static final String SCRIPT = """
            fbt::vfs_read:return
            /self->ts/
            {
                this->delta = timestamp - self->ts;
                @lat[execname] = quantize(this->delta);
                @last[tid] = this->delta;
                total += this->delta;
                if (this->delta > 1000000) { printf("slow: %d\\n", this->delta); } else { n++; }
                self->ts = 0;
            }

            fbt::vfs_read:entry { self->ts = timestamp; $who = execname; }

            END { printa(@lat); printf("%d %d\\n", total, n); }
            """;

    @Test
    void parserLeavesTypesUnresolvedAndCheckerResolvesAll() throws Exception {
        Script parsed = parse(SCRIPT);
        assertTrue(allExprs(parsed).allMatch(e -> e.type() == ScalarType.UNRESOLVED));
        CheckedScript checked = Checker.check(parsed);
        List<Expr> exprs = allExprs(checked.script()).toList();
        assertTrue(exprs.size() > 25);
        exprs.forEach(e -> assertNotEquals(ScalarType.UNRESOLVED, e.type(), e::toString));
    }

    @Test
    void variablesCanBeReadInClausesBeforeTheOneThatAssignsThem() {
        CheckedScript checked = check(SCRIPT);
        VariableSymbol ts = checked.threadLocals().get("ts");
        assertEquals(new VariableSymbol(VarScope.THREAD, "ts", ScalarType.INT, new SourcePos(9, 5)), ts);
        assertEquals("self->ts", ts.displayName());
    }

    @Test
    void symbolTables() {
        CheckedScript checked = check(SCRIPT);
        assertEquals(List.of("@lat", "@last"), List.copyOf(checked.maps().keySet()));
        assertEquals("map[string] of quantize()", checked.maps().get("@lat").type().toString());
        assertEquals("map[int] of int", checked.maps().get("@last").type().toString());
        assertEquals(List.of("total", "n"), List.copyOf(checked.globals().keySet()));
        assertEquals(List.of("ts"), List.copyOf(checked.threadLocals().keySet()));
        assertEquals(3, checked.clauseLocals().size());
        assertEquals(List.of("this->delta"), List.copyOf(checked.clauseLocals().get(0).keySet()));
        assertEquals(ScalarType.STRING, checked.clauseLocals().get(1).get("$who").type());
        assertTrue(checked.clauseLocals().get(2).isEmpty());
    }

    @Test
    void thisAndDollarAreSeparateNamespaces() {
        CheckedScript checked = check("fbt::f:entry { this->x = 1; $x = execname; }");
        assertEquals(ScalarType.INT, checked.clauseLocals().get(0).get("this->x").type());
        assertEquals(ScalarType.STRING, checked.clauseLocals().get(0).get("$x").type());
    }

    @Test
    void typedNodesKeepPositionsAndOperators() {
        Clause clause = check(SCRIPT).script().clauses().get(0);
        Assign delta = (Assign) clause.body().get(0);
        assertEquals(ScalarType.INT, delta.target().type());
        Binary minus = (Binary) delta.value();
        assertEquals(new SourcePos(4, 29), minus.pos());
        assertEquals(ScalarType.INT, minus.left().type());
        Aggregate aggregate = (Aggregate) clause.body().get(1);
        assertEquals("quantize()", aggregate.target().type().toString());
        assertEquals(ScalarType.INT, clause.predicate().orElseThrow().type());
    }

    @Test
    void checkedScriptIsImmutable() {
        CheckedScript checked = check(SCRIPT);
        Clause clause = checked.script().clauses().get(0);
        assertThrowsUnsupported(() -> checked.maps().clear());
        assertThrowsUnsupported(() -> checked.clauseLocals().get(0).clear());
        assertThrowsUnsupported(() -> clause.body().clear());
        assertThrowsUnsupported(() -> clause.probes().clear());
    }

    @Test
    void checkingIsIdempotent() throws Exception {
        CheckedScript once = check(SCRIPT);
        CheckedScript twice = Checker.check(once.script());
        assertEquals(once, twice);
    }

    @Test
    void visitorsReachEveryNodeKind() {
        List<String> seen = new ArrayList<>();
        @SuppressWarnings("unchecked")
        ExprVisitor<Void> recorder = (ExprVisitor<Void>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ExprVisitor.class}, (proxy, method, args) -> {
                    seen.add(method.getName());
                    return null;
                });
        allExprs(check(SCRIPT).script()).forEach(e -> e.accept(recorder));
        assertTrue(seen.containsAll(List.of("visitBinary", "visitBuiltinRef", "visitVariable", "visitMapAccess",
                "visitMapRef", "visitCall", "visitIntLiteral", "visitStringLiteral")), seen::toString);
        assertFalse(seen.contains("visitConditional"));
    }

    private static void assertThrowsUnsupported(Runnable r) {
        assertThrows(UnsupportedOperationException.class, r::run);
    }

    /** Every expression of a script, including nested ones. */
    private static Stream<Expr> allExprs(Script script) {
        List<Expr> out = new ArrayList<>();
        for (Clause clause : script.clauses()) {
            clause.predicate().ifPresent(p -> collect(p, out));
            clause.body().forEach(s -> collect(s, out));
        }
        return out.stream();
    }

    private static void collect(Statement s, List<Expr> out) {
        if (s instanceof ExprStatement e) {
            collect(e.expr(), out);
        } else if (s instanceof Assign a) {
            collect(a.target(), out);
            collect(a.value(), out);
        } else if (s instanceof Aggregate a) {
            collect(a.target(), out);
            a.call().args().forEach(arg -> collect(arg, out));
        } else if (s instanceof If i) {
            collect(i.condition(), out);
            i.thenBody().forEach(t -> collect(t, out));
            i.elseBody().forEach(t -> collect(t, out));
        }
    }

    private static void collect(Expr e, List<Expr> out) {
        out.add(e);
        children(e).forEach(c -> collect(c, out));
    }

    private static List<Expr> children(Expr e) {
        if (e instanceof Binary b) {
            return List.of(b.left(), b.right());
        } else if (e instanceof Unary u) {
            return List.of(u.operand());
        } else if (e instanceof Conditional c) {
            return List.of(c.condition(), c.ifTrue(), c.ifFalse());
        } else if (e instanceof Call c) {
            return c.args();
        } else if (e instanceof MapAccess m) {
            return m.keys();
        }
        return List.of();
    }
}
