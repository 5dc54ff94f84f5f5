package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.Binary;
import dev.shadowtrace.lang.ast.Conditional;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.diag.SourcePos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.shadowtrace.lang.Scripts.expr;
import static dev.shadowtrace.lang.Scripts.parseExpr;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ExpressionTest {

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "a * b => (* a b)",   "a / b => (/ a b)",   "a % b => (% a b)",
        "a + b => (+ a b)",   "a - b => (- a b)",
        "a << b => (<< a b)",  "a >> b => (>> a b)",
        "a < b => (< a b)",   "a <= b => (<= a b)",  "a > b => (> a b)",  "a >= b => (>= a b)",
        "a == b => (== a b)",  "a != b => (!= a b)",
        "a & b => (& a b)",   "a ^ b => (^ a b)",   "a | b => (| a b)",
        "a && b => (&& a b)",  "a || b => (|| a b)",
        "!a => (! a)",     "~a => (~ a)",     "-a => (- a)",
        "a ? b : c => (? a b c)",
        "(a) => a",
    })
    void everyOperator(String source, String ast) {
        assertEquals(ast, expr(source));
    }

    /** Each line pairs two adjacent precedence levels, tighter one first, in both orders. */
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "-a * b => (* (- a) b)",
        "!a == b => (== (! a) b)",
        "~a & b => (& (~ a) b)",
        "a + b * c => (+ a (* b c))",
        "a * b + c => (+ (* a b) c)",
        "a << b + c => (<< a (+ b c))",
        "a < b << c => (< a (<< b c))",
        "a == b < c => (== a (< b c))",
        "a & b == c => (& a (== b c))",
        "a ^ b & c => (^ a (& b c))",
        "a | b ^ c => (| a (^ b c))",
        "a && b | c => (&& a (| b c))",
        "a || b && c => (|| a (&& b c))",
        "a ? b : c || d => (? a b (|| c d))",
        "a || b ? c : d => (? (|| a b) c d)",
        "(a + b) * c => (* (+ a b) c)",
    })
    void precedenceFollowsC(String source, String ast) {
        assertEquals(ast, expr(source));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "a - b - c => (- (- a b) c)",
        "a / b / c => (/ (/ a b) c)",
        "a << b << c => (<< (<< a b) c)",
        "a ? b : c ? d : e => (? a b (? c d e))",
        "- - a => (- (- a))",
        "!!a => (! (! a))",
    })
    void associativityFollowsC(String source, String ast) {
        assertEquals(ast, expr(source));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "0 => 0",
        "42 => 42",
        "0x1c => 28",
        "0XFF => 255",
        "9223372036854775807 => 9223372036854775807",
        "0xffffffffffffffff => -1",
        "18446744073709551615 => -1",
    })
    void integerLiterals(String source, String value) {
        assertEquals(value, expr(source));
    }

    @Test
    void stringLiteralsDecodeCEscapes() {
        StringLiteral literal = (StringLiteral) parseExpr("\"a\\nb\\tc\\\\d\\\"e\\0f\\'g\\rh\"");
        assertEquals("a\nb\tc\\d\"e\0f'g\rh", literal.value());
        assertEquals("", ((StringLiteral) parseExpr("\"\"")).value());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "self->ts => self->ts",
        "this->size => this->size",
        "$size => $size",
        "total => total",
        "@ => @",
        "@calls => @calls",
        "@[pid] => @[pid]",
        "@a[execname, pid, 1] => @a[execname, pid, 1]",
        "pid => pid",
        "comm => execname",
        "nsecs => timestamp",
        "func => probefunc",
    })
    void variablesMapsAndBuiltins(String source, String ast) {
        assertEquals(ast, expr(source));
    }

    @Test
    void binaryAndConditionalPositionsAreTheirOperators() {
        Expr sum = parseExpr("a +  b");
        assertEquals(new SourcePos(1, 18), sum.pos());
        assertEquals(new SourcePos(1, 16), ((Binary) sum).left().pos());
        assertEquals(new SourcePos(1, 21), ((Binary) sum).right().pos());
        Expr conditional = parseExpr("a ? b : c");
        assertEquals(new SourcePos(1, 18), ((Conditional) conditional).pos());
    }
}
