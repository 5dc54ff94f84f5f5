package dev.shadowtrace.lang.diag;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DiagnosticTest {

    private final SourceFile source = new SourceFile("x.d", "BEGIN {\n\tx = 1;\r\n}");

    @Test
    void renderQuotesTheLineAndPutsACaretUnderTheColumn() {
        assertEquals("x.d:1:7: error: boom\nBEGIN {\n      ^", source.error(new SourcePos(1, 7), "boom").render());
    }

    @Test
    void caretKeepsTabsSoItLinesUp() {
        assertEquals("x.d:2:4: error: boom\n\tx = 1;\n\t  ^\nhint: try harder",
                source.error(new SourcePos(2, 4), "boom", "try harder").render());
    }

    @Test
    void structuredFields() {
        Diagnostic d = source.error(new SourcePos(3, 1), "m", "h");
        assertEquals(new Diagnostic("x.d", 3, 1, "m", Optional.of("h"), "}"), d);
        assertEquals(new SourcePos(3, 1), d.pos());
    }

    @Test
    void linesPastTheEndAreEmpty() {
        assertEquals("", source.line(4));
        assertEquals("x.d:9:1: error: m\n\n^", source.error(new SourcePos(9, 1), "m").render());
    }

    @Test
    void collectedErrorsAreSortedAndDeduplicated() {
        Diagnostics diagnostics = new Diagnostics(source);
        diagnostics.error(new SourcePos(2, 2), "second");
        diagnostics.error(new SourcePos(1, 1), "first");
        diagnostics.error(new SourcePos(2, 2), "second");
        ScriptException e = assertThrows(ScriptException.class, diagnostics::throwIfErrors);
        assertEquals(List.of("first", "second"), e.diagnostics().stream().map(Diagnostic::message).toList());
        assertEquals("x.d:1:1: error: first\nBEGIN {\n^\nx.d:2:2: error: second\n\tx = 1;\n\t^", e.render());
        assertEquals(e.render(), e.getMessage());
    }

    @Test
    void noErrorsNoException() throws ScriptException {
        new Diagnostics(source).throwIfErrors();
    }

    @Test
    void positionsAreOneBased() {
        assertThrows(IllegalArgumentException.class, () -> new SourcePos(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SourcePos(1, 0));
        assertEquals("3:4", new SourcePos(3, 2).plusColumns(2).toString());
    }
}
