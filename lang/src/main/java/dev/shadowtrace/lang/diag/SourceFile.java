package dev.shadowtrace.lang.diag;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The text of a script and the name it is reported under: a file path, or {@code <command-line>}
 * for a one-liner. Creates {@link Diagnostic}s that quote the offending line.
 */
public final class SourceFile {

    /** The conventional name of a script given on the command line (as with {@code -e}). */
    public static final String COMMAND_LINE = "<command-line>";

    private final String name;
    private final String text;
    private final List<String> lines;

    public SourceFile(String name, String text) {
        this.name = Objects.requireNonNull(name, "name");
        this.text = Objects.requireNonNull(text, "text");
        this.lines = text.lines().toList();
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** The text of a 1-based line without its line terminator; empty past the end of the text. */
    public String line(int line) {
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }

    /** An error at {@code pos}. */
    public Diagnostic error(SourcePos pos, String message) {
        return new Diagnostic(name, pos.line(), pos.column(), message, Optional.empty(), line(pos.line()));
    }

    /** An error at {@code pos} with a hint on how to fix it. */
    public Diagnostic error(SourcePos pos, String message, String hint) {
        return new Diagnostic(name, pos.line(), pos.column(), message, Optional.of(hint), line(pos.line()));
    }
}
