package dev.shadowtrace.lang;

import dev.shadowtrace.lang.diag.Diagnostic;

/** Aborts parsing at the first syntax error; {@link ScriptParser} turns it into a ScriptException. */
final class SyntaxError extends RuntimeException {

    private final transient Diagnostic diagnostic;

    SyntaxError(Diagnostic diagnostic) {
        super(diagnostic.message(), null, false, false);
        this.diagnostic = diagnostic;
    }

    Diagnostic diagnostic() {
        return diagnostic;
    }
}
