package dev.shadowtrace.lang;

import dev.shadowtrace.lang.diag.Diagnostic;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.lang.diag.SourceFile;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.shadowtrace.lang.Scripts.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The exact text users see for syntax errors: position, message, source line, caret, hint. */
class SyntaxErrorTest {

    @Test
    void missingSemicolonBetweenStatements() {
        assertEquals("""
                test.d:3:9: error: expected ';' or '}' after statement, found 'y'
                  x = 1 y = 2;
                        ^""", errors("fbt::vfs_read:entry\n{\n  x = 1 y = 2;\n}\n"));
    }

    @Test
    void missingProbeDescription() {
        assertEquals("""
                test.d:1:1: error: expected a probe description such as fbt::vfs_read:entry, found '{'
                { trace(pid); }
                ^""", errors("{ trace(pid); }"));
    }

    @Test
    void strayTokenBetweenClauses() {
        assertEquals("""
                test.d:1:11: error: expected a probe description such as fbt::vfs_read:entry, found ';'
                BEGIN { } ; END { }
                          ^""", errors("BEGIN { } ; END { }"));
    }

    @Test
    void forgottenPredicateSlashes() {
        assertEquals("""
                test.d:1:21: error: expected a predicate '/ ... /' or '{', found 'pid'
                fbt::vfs_read:entry pid == 1 { }
                                    ^""", errors("fbt::vfs_read:entry pid == 1 { }"));
    }

    @Test
    void unterminatedPredicate() {
        assertEquals("""
                test.d:1:31: error: expected '/' to end the predicate, found '{'
                fbt::vfs_read:entry /pid == 1 { }
                                              ^""", errors("fbt::vfs_read:entry /pid == 1 { }"));
    }

    @Test
    void missingBody() {
        assertEquals("""
                test.d:1:20: error: expected a predicate '/ ... /' or '{', found end of input
                fbt::vfs_read:entry
                                   ^""", errors("fbt::vfs_read:entry\n"));
    }

    @Test
    void missingExpression() {
        assertEquals("""
                test.d:1:27: error: expected an expression, found ';'
                fbt::f:entry { x = arg0 + ; }
                                          ^""", errors("fbt::f:entry { x = arg0 + ; }"));
        assertEquals("""
                test.d:1:20: error: expected an expression, found '}'
                fbt::f:entry { x = }
                                   ^""", errors("fbt::f:entry { x = }"));
    }

    @Test
    void missingCommaInArguments() {
        assertEquals("""
                test.d:1:21: error: expected ',' or ')', found 'pid'
                BEGIN { printf("%d" pid); }
                                    ^""", errors("BEGIN { printf(\"%d\" pid); }"));
    }

    @Test
    void missingClosingParenthesisBeforeBrace() {
        assertEquals("""
                test.d:1:20: error: expected ',' or ')', found '}'
                BEGIN { printf("x" }
                                   ^""", errors("BEGIN { printf(\"x\" }"));
    }

    @Test
    void missingClosingBracket() {
        assertEquals("""
                test.d:1:25: error: expected ',' or ']', found ';'
                fbt::f:entry { @a[pid, 1; }
                                        ^""", errors("fbt::f:entry { @a[pid, 1; }"));
    }

    @Test
    void unclosedBodyPointsAtTheOpenBrace() {
        assertEquals("""
                test.d:3:15: error: expected ';' or '}' after statement, found end of input
                  self->ts = 1
                              ^
                hint: the '{' at line 2, column 1 is never closed""",
                errors("fbt::f:entry\n{\n  self->ts = 1\n"));
        assertEquals("""
                test.d:2:19: error: expected a statement or '}', found end of input
                \tif (x) { y = 1; }
                \t                 ^
                hint: the '{' at line 1, column 14 is never closed""",
                errors("fbt::f:entry {\n\tif (x) { y = 1; }\n\n"));
    }

    @Test
    void ifWithoutBraces() {
        assertEquals("""
                test.d:1:16: error: expected '{', found 'y'
                BEGIN { if (x) y = 1; }
                               ^""", errors("BEGIN { if (x) y = 1; }"));
    }

    @Test
    void strayCharacter() {
        assertEquals("""
                test.d:1:15: error: expected ';' or '}' after statement, found '#'
                BEGIN { x = 1 # 2; }
                              ^""", errors("BEGIN { x = 1 # 2; }"));
    }

    @Test
    void missingArrowAfterSelf() {
        assertEquals("""
                test.d:1:21: error: expected '->', found 'ts'
                fbt::f:entry { self ts = 1; }
                                    ^""", errors("fbt::f:entry { self ts = 1; }"));
    }

    @Test
    void missingColonInConditional() {
        assertEquals("""
                test.d:1:18: error: expected ':', found ';'
                BEGIN { x = a ? b; }
                                 ^""", errors("BEGIN { x = a ? b; }"));
    }

    @Test
    void unterminatedString() {
        assertEquals("""
                test.d:2:10: error: unterminated string literal
                  printf("hello);
                         ^
                hint: a string literal must end with '"' on the same line""",
                errors("BEGIN {\n  printf(\"hello);\n}\n"));
    }

    @Test
    void unterminatedComment() {
        assertEquals("""
                test.d:1:11: error: unterminated comment
                BEGIN { } /* forgot to close
                          ^
                hint: a '/*' comment must end with '*/'""", errors("BEGIN { } /* forgot to close"));
    }

    @Test
    void longTokensAreShortenedInMessages() {
        assertEquals("expected ';' or '}' after statement, found 'a_very_long_identifier_n...'",
                Scripts.messages("BEGIN { x = 1 a_very_long_identifier_name_indeed = 2 }").get(0));
    }

    @Test
    void noAntlrTokenSetDumps() {
        String text = errors("fbt::f:entry { x = 1 + * 2 }");
        assertEquals("""
                test.d:1:24: error: expected an expression, found '*'
                fbt::f:entry { x = 1 + * 2 }
                                       ^""", text);
        assertFalse(text.contains("mismatched input") || text.contains("expecting {"));
    }

    @Test
    void onlyTheFirstSyntaxErrorIsReported() {
        ScriptException e = assertThrows(ScriptException.class,
                () -> ScriptParser.parse("x.d", "BEGIN { x = ; } END { y = ; }"));
        assertEquals(1, e.diagnostics().size());
        Diagnostic d = e.diagnostics().get(0);
        assertEquals(new Diagnostic("x.d", 1, 13, "expected an expression, found ';'", Optional.empty(),
                "BEGIN { x = ; } END { y = ; }"), d);
    }

    @Test
    void oneLinersAreReportedUnderTheGivenName() {
        ScriptException e = assertThrows(ScriptException.class,
                () -> Lang.parseAndCheck(SourceFile.COMMAND_LINE, "BEGIN { exit() "));
        assertEquals("""
                <command-line>:1:15: error: expected ';' or '}' after statement, found end of input
                BEGIN { exit()\s
                              ^
                hint: the '{' at line 1, column 7 is never closed""", e.render());
    }
}
