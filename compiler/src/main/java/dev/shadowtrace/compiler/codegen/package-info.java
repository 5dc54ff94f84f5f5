/**
 * Code generation: {@link dev.shadowtrace.compiler.codegen.DataPlan} decides where a script's data
 * lives, {@link dev.shadowtrace.compiler.codegen.ClauseCompiler} emits one clause's program with the
 * generators of this package (expressions, conditions, strings, storage, aggregations, actions).
 * Only those two, the tables they fill and {@link dev.shadowtrace.compiler.codegen.CompileError} are
 * public; see compiler/README.md for the program layout and register conventions.
 */
package dev.shadowtrace.compiler.codegen;
