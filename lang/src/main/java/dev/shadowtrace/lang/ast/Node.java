package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;

/** Every AST node knows where it starts in the source. */
public interface Node {

    /** Where the node starts; for binary and conditional expressions, where the operator is. */
    SourcePos pos();
}
