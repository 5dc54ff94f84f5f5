package dev.shadowtrace.lang.diag;

/**
 * A position in a script: 1-based line and 1-based column (a tab counts as one column).
 *
 * @param line   line number, starting at 1
 * @param column column number, starting at 1
 */
public record SourcePos(int line, int column) {

    public SourcePos {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("positions are 1-based: " + line + ":" + column);
        }
    }

    /** The position {@code delta} columns to the right on the same line. */
    public SourcePos plusColumns(int delta) {
        return new SourcePos(line, column + delta);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
