/**
 * The type checker: {@link dev.shadowtrace.lang.check.Checker#check} turns a parsed script into a
 * {@link dev.shadowtrace.lang.check.CheckedScript} with every expression typed and the symbol tables
 * of its maps and variables.
 */
package dev.shadowtrace.lang.check;
