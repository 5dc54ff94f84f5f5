package dev.shadowtrace.lang.ast;

/** Visitor over the {@link Statement} hierarchy. */
public interface StatementVisitor<R> {

    R visitExprStatement(ExprStatement s);

    R visitAssign(Assign s);

    R visitAggregate(Aggregate s);

    R visitIf(If s);
}
