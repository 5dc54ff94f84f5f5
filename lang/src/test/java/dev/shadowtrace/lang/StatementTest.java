package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.Assign;
import dev.shadowtrace.lang.ast.AssignOp;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.ast.Statement;
import dev.shadowtrace.lang.diag.SourcePos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.shadowtrace.lang.Scripts.body;
import static dev.shadowtrace.lang.Scripts.messages;
import static dev.shadowtrace.lang.Scripts.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementTest {

    private static String statements(String body) {
        return body(parse("fbt::f:entry { " + body + " }"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "x = 1 => (= x 1)",
        "x += 1 => (+= x 1)",
        "x -= 1 => (-= x 1)",
        "x *= 2 => (*= x 2)",
        "x /= 2 => (/= x 2)",
        "x %= 2 => (%= x 2)",
        "x &= 3 => (&= x 3)",
        "x |= 3 => (|= x 3)",
        "x ^= 3 => (^= x 3)",
        "x <<= 1 => (<<= x 1)",
        "x >>= 1 => (>>= x 1)",
        "self->ts = timestamp => (= self->ts timestamp)",
        "this->n = arg0 => (= this->n arg0)",
        "$n = arg0 => (= $n arg0)",
        "@last[pid] = arg0 => (= @last[pid] arg0)",
        "@m = 1 + 2 * 3 => (= @m (+ 1 (* 2 3)))",
    })
    void assignments(String source, String ast) {
        assertEquals(ast, statements(source));
    }

    @Test
    void assignmentsAreStatementsNotExpressions() {
        assertEquals(List.of("expected ';' or '}' after statement, found '='"), messages("BEGIN { x = y = 1 }"));
        assertEquals(List.of("expected ')', found '='"), messages("BEGIN { if (x = 1) {} }"));
    }

    @Test
    void incrementAndDecrementAreCompoundAssignmentsOfOne() {
        assertEquals("(+= x 1); (-= self->n 1); (+= @calls[probefunc] 1); (+= $i 1)",
                statements("x++; self->n--; @calls[probefunc]++; $i++"));
        Assign increment = (Assign) parse("BEGIN { x++; }").clauses().get(0).body().get(0);
        assertEquals(AssignOp.ADD, increment.op());
        assertEquals(new SourcePos(1, 10), increment.value().pos());
        assertEquals(1, ((IntLiteral) increment.value()).value());
    }

    @Test
    void expressionStatements() {
        assertEquals("printf(\"%d\\n\", pid); exit(); (+ a 1)", statements("printf(\"%d\\n\", pid); exit(); a + 1;"));
    }

    @Test
    void ifElseIfElse() {
        assertEquals("(if (> x 1) {(= y 1)})", statements("if (x > 1) { y = 1; }"));
        assertEquals("(if x {(= y 1)} else {(= y 2)})", statements("if (x) { y = 1 } else { y = 2 }"));
        assertEquals("(if a {(= y 1)} else {(if b {(= y 2)} else {(= y 3)})})",
                statements("if (a) { y = 1; } else if (b) { y = 2; } else { y = 3; }"));
        assertEquals("(if a {})", statements("if (a) {}"));
    }

    @Test
    void ifNeedsNoSemicolonAndMayBeFollowedByStatements() {
        assertEquals("(if a {(= x 1)}); (= y 2); (if b {}); (= z 3)",
                statements("if (a) { x = 1 } y = 2; if (b) {} ; z = 3"));
    }

    @Test
    void semicolonsSeparateStatementsAndTheLastOneIsOptional() {
        assertEquals("(= x 1); (= y 2)", statements("x = 1; y = 2"));
        assertEquals("(= x 1); (= y 2)", statements("x = 1; y = 2;"));
        assertEquals("(= x 1)", statements(";; x = 1;;"));
    }

    @Test
    void emptyBodies() {
        assertTrue(parse("fbt::f:entry {}").clauses().get(0).body().isEmpty());
        assertTrue(parse("fbt::f:entry { ; }").clauses().get(0).body().isEmpty());
        assertTrue(parse("BEGIN{}END{}").clauses().stream().allMatch(c -> c.body().isEmpty()));
    }

    @Test
    void predicates() {
        var clause = parse("fbt::f:entry /pid == 42/ { x = 1; }").clauses().get(0);
        assertEquals("(== pid 42)", AstPrinter.print(clause.predicate().orElseThrow()));
        assertTrue(parse("fbt::f:entry { }").clauses().get(0).predicate().isEmpty());
    }

    private static String predicate(String clause) {
        return AstPrinter.print(parse("fbt::f:entry " + clause).clauses().get(0).predicate().orElseThrow());
    }

    @Test
    void aSlashEndsThePredicateOnlyBeforeTheBody() {
        assertEquals("(/ a b)", predicate("/ a / b / {}"));
        assertEquals("(/ a 2)", predicate("/a/2/{}"));
        assertEquals("(/ a b)", predicate("/(a) / (b)/ {}"));
        assertEquals("(/ (/ a b) c)", predicate("/a/b/c/{}"));
        assertEquals("a", predicate("/ a /\n\n{}"));
        assertEquals("a", predicate("/ a / /* why */ {}"));
        assertEquals("a", predicate("/ a / // why\n {}"));
        assertEquals("(== execname \"sh\")", predicate("/execname == \"sh\"/ {}"));
    }

    @Test
    void statementPositionsAreWhereTheyStart() {
        List<Statement> body = parse("BEGIN {\n  x = 1;\n    @a[1] = count();\n  if (x) {}\n}").clauses().get(0).body();
        assertEquals(List.of(new SourcePos(2, 3), new SourcePos(3, 5), new SourcePos(4, 3)),
                body.stream().map(Statement::pos).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "pid = 1 => cannot assign to built-in variable 'pid'",
        "comm = \"x\" => cannot assign to built-in variable 'execname'",
        "1 = 2 => the left side of '=' must be a variable or a map element, such as x, self->x, this->x, $x or @m[k]",
        "a + b += 1 => the left side of '+=' must be a variable or a map element, such as x, self->x, this->x, $x or @m[k]",
        "(x + 1)++ => the left side of '++' must be a variable or a map element, such as x, self->x, this->x, $x or @m[k]",
    })
    void onlyVariablesAndMapElementsCanBeAssigned(String statement, String message) {
        assertEquals(List.of(message), messages("BEGIN { " + statement + "; }"));
    }
}
