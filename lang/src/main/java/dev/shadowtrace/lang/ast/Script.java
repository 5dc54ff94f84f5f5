package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourceFile;

import java.util.List;
import java.util.Objects;

/**
 * A parsed script: its clauses in source order. Keeps the {@link SourceFile} so that later stages
 * (the checker, the compiler) report errors with the same file name and quoted lines.
 */
public record Script(SourceFile source, List<Clause> clauses) {

    public Script {
        Objects.requireNonNull(source, "source");
        clauses = List.copyOf(clauses);
    }
}
