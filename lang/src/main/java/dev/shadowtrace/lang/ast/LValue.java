package dev.shadowtrace.lang.ast;

/** An expression that can be assigned: a variable or a map element. */
public sealed interface LValue extends Expr permits Variable, MapAccess {
}
