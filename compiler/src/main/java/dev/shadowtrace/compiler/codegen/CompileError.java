package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.lang.diag.Diagnostic;
import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.lang.diag.SourcePos;

import java.util.Optional;

/** Something in a script the code generator cannot compile, at a position of the script. */
public final class CompileError extends RuntimeException {
    private final SourcePos pos;
    private final Optional<String> hint;

    CompileError(SourcePos pos, String message) {
        this(pos, message, Optional.empty());
    }

    CompileError(SourcePos pos, String message, Optional<String> hint) {
        super(message, null, false, false);
        this.pos = pos;
        this.hint = hint;
    }

    public Diagnostic diagnostic(SourceFile source) {
        return hint.map(h -> source.error(pos, getMessage(), h)).orElseGet(() -> source.error(pos, getMessage()));
    }
}
