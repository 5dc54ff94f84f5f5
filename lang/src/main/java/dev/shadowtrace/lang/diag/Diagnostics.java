package dev.shadowtrace.lang.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects the errors found in one source file while parsing or checking it. */
public final class Diagnostics {

    private final SourceFile source;
    private final Set<Diagnostic> errors = new LinkedHashSet<>();

    public Diagnostics(SourceFile source) {
        this.source = source;
    }

    public SourceFile source() {
        return source;
    }

    public void error(SourcePos pos, String message) {
        errors.add(source.error(pos, message));
    }

    public void error(SourcePos pos, String message, String hint) {
        errors.add(source.error(pos, message, hint));
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Throws the collected errors, sorted by position, if there are any. */
    public void throwIfErrors() throws ScriptException {
        if (hasErrors()) {
            List<Diagnostic> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
            throw new ScriptException(sorted);
        }
    }
}
