/**
 * The AST: immutable records with a source position on every node. {@link dev.shadowtrace.lang.ast.Script}
 * holds {@link dev.shadowtrace.lang.ast.Clause}s of {@link dev.shadowtrace.lang.ast.ProbeDescription}s,
 * an optional predicate and {@link dev.shadowtrace.lang.ast.Statement}s over
 * {@link dev.shadowtrace.lang.ast.Expr}essions. The {@code Expr} and {@code Statement} hierarchies are
 * sealed and have visitors ({@link dev.shadowtrace.lang.ast.ExprVisitor},
 * {@link dev.shadowtrace.lang.ast.StatementVisitor}).
 */
package dev.shadowtrace.lang.ast;
