package dev.shadowtrace.lang.diag;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A script could not be parsed, checked or compiled. Holds every {@link Diagnostic} found, sorted by
 * position; {@link #getMessage()} is their rendered text.
 */
public final class ScriptException extends Exception {

    private final List<Diagnostic> diagnostics;

    public ScriptException(List<Diagnostic> diagnostics) {
        super(render(diagnostics));
        if (diagnostics.isEmpty()) {
            throw new IllegalArgumentException("a ScriptException needs at least one diagnostic");
        }
        this.diagnostics = List.copyOf(diagnostics);
    }

    public ScriptException(Diagnostic diagnostic) {
        this(List.of(diagnostic));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** All diagnostics rendered, separated by newlines. */
    public String render() {
        return getMessage();
    }

    private static String render(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::render).collect(Collectors.joining("\n"));
    }
}
