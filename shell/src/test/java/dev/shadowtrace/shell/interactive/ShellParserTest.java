package dev.shadowtrace.shell.interactive;

import org.jline.reader.EOFError;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShellParserTest {
    private final ShellParser parser = new ShellParser();

    private void complete(String input) {
        assertDoesNotThrow(() -> parser.parse(input, input.length(), Parser.ParseContext.ACCEPT_LINE));
    }

    private void continues(String input) {
        assertThrows(EOFError.class, () -> parser.parse(input, input.length(), Parser.ParseContext.ACCEPT_LINE));
    }

    @Test
    void inputContinuesWhileABraceIsOpen() {
        continues("fbt::vfs_read:entry {");
        continues("fbt::vfs_read:entry {\n @n = count();");
        continues("fbt::vfs_read:entry { if (1) { @n = count(); }");
        complete("fbt::vfs_read:entry {\n @n = count();\n}");
        complete("clauses");
    }

    @Test
    void bracesInStringsDoNotCount() {
        complete("fbt::vfs_read:entry { printf(\"{\\n\"); }");
        continues("fbt::vfs_read:entry { printf(\"}\"); ");
    }

    @Test
    void aLineReaderReturnsAClauseTypedOverSeveralLinesAsOneInput() throws Exception {
        byte[] typed = "fbt::vfs_read:entry {\n@n = count();\n}\nclauses\n".getBytes(StandardCharsets.UTF_8);
        try (Terminal terminal = new DumbTerminal(new ByteArrayInputStream(typed), new ByteArrayOutputStream())) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).parser(parser).build();
            assertEquals("fbt::vfs_read:entry {\n@n = count();\n}", reader.readLine("> "));
            assertEquals("clauses", reader.readLine("> "));
        }
    }
}
