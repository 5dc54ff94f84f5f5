package dev.shadowtrace.lang.ast;

/** A statement of a clause body. {@link #pos()} is where the statement starts. */
public sealed interface Statement extends Node permits ExprStatement, Assign, Aggregate, If {

    <R> R accept(StatementVisitor<R> visitor);
}
