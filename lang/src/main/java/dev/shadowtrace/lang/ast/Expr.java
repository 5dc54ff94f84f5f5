package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.types.Type;

/**
 * An expression. Every expression carries its {@link Type}: {@code UNRESOLVED} in the
 * {@link Script} returned by the parser, resolved in the script returned by the checker.
 */
public sealed interface Expr extends Node
        permits IntLiteral, StringLiteral, BuiltinRef, ProbeArg, Member, Index, Cast, LValue, MapRef, Unary, Binary, Conditional, Call {

    Type type();

    <R> R accept(ExprVisitor<R> visitor);
}
