package dev.shadowtrace.lang.diag;

import java.util.Objects;
import java.util.Optional;

/**
 * An error in a script, in structured form. {@link #render()} formats it the way users see it:
 *
 * <pre>
 * read.d:3:12: error: expected ';' or '}' after statement, found 'y'
 *     x = 1 y = 2
 *           ^
 * hint: ...
 * </pre>
 *
 * @param file       the source name ({@link SourceFile#name()})
 * @param line       1-based line
 * @param column     1-based column
 * @param message    what is wrong, and for syntax errors what was expected
 * @param hint       optional advice on how to fix it
 * @param sourceLine the text of the offending line, quoted by {@link #render()}
 */
public record Diagnostic(String file, int line, int column, String message, Optional<String> hint,
                         String sourceLine) {

    public Diagnostic {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(sourceLine, "sourceLine");
    }

    public SourcePos pos() {
        return new SourcePos(line, column);
    }

    /** The clang-style text: location and message, the source line, a caret under the column, the hint. */
    public String render() {
        StringBuilder out = new StringBuilder()
                .append(file).append(':').append(line).append(':').append(column)
                .append(": error: ").append(message).append('\n')
                .append(sourceLine).append('\n')
                .append(caretLine());
        hint.ifPresent(h -> out.append("\nhint: ").append(h));
        return out.toString();
    }

    /** Spaces up to the column (keeping the line's tabs so the caret lines up), then '^'. */
    private String caretLine() {
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < column - 1; i++) {
            caret.append(i < sourceLine.length() && sourceLine.charAt(i) == '\t' ? '\t' : ' ');
        }
        return caret.append('^').toString();
    }
}
