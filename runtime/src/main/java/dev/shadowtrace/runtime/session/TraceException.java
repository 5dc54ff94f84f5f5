package dev.shadowtrace.runtime.session;

import dev.shadowtrace.lang.diag.Diagnostic;

/**
 * A trace could not start, or failed while running. The message is complete user-facing text:
 * either a script diagnostic ({@code file:line:col: error: ...}, the source line, a caret, more
 * lines such as a verifier log), printed as it is, or one plain sentence that is printed after
 * {@code shadowtrace: }.
 */
public final class TraceException extends Exception {
    private final boolean located;

    private TraceException(String message, boolean located, Throwable cause) {
        super(message, cause);
        this.located = located;
    }

    /** A failure about no place in the script. */
    public static TraceException plain(String message, Throwable cause) {
        return new TraceException(message, false, cause);
    }

    public static TraceException plain(String message) {
        return plain(message, null);
    }

    /** A failure at a place in the script, already rendered; {@code more} follows it (or is empty). */
    public static TraceException at(String rendered, String more) {
        return new TraceException(more.isEmpty() ? rendered : rendered + "\n" + more, true, null);
    }

    public static TraceException at(Diagnostic diagnostic) {
        return at(diagnostic.render(), "");
    }

    /** Whether the message starts with its place in the script (and so needs no prefix). */
    public boolean located() {
        return located;
    }

    /** The text to print on stderr. */
    public String text() {
        return located ? getMessage() : "shadowtrace: " + getMessage();
    }
}
