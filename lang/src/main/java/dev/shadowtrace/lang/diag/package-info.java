/**
 * Errors and their presentation: {@link dev.shadowtrace.lang.diag.Diagnostic} (structured, with a
 * clang-style {@code render()}), {@link dev.shadowtrace.lang.diag.ScriptException},
 * {@link dev.shadowtrace.lang.diag.SourceFile} to create diagnostics that quote the script, and
 * {@link dev.shadowtrace.lang.diag.Suggest} for "did you mean" suggestions. Later stages (the
 * compiler) report their errors through the same types.
 */
package dev.shadowtrace.lang.diag;
