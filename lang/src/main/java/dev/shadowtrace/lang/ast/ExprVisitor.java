package dev.shadowtrace.lang.ast;

/** Visitor over the {@link Expr} hierarchy (Java 17 has no pattern matching for switch). */
public interface ExprVisitor<R> {

    R visitIntLiteral(IntLiteral e);

    R visitStringLiteral(StringLiteral e);

    R visitBuiltinRef(BuiltinRef e);

    R visitProbeArg(ProbeArg e);

    R visitMember(Member e);

    R visitIndex(Index e);

    R visitCast(Cast e);

    R visitVariable(Variable e);

    R visitMapAccess(MapAccess e);

    R visitMapRef(MapRef e);

    R visitUnary(Unary e);

    R visitBinary(Binary e);

    R visitConditional(Conditional e);

    R visitCall(Call e);
}
