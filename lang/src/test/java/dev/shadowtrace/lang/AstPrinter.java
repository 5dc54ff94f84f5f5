package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.Aggregate;
import dev.shadowtrace.lang.ast.Assign;
import dev.shadowtrace.lang.ast.Binary;
import dev.shadowtrace.lang.ast.BuiltinRef;
import dev.shadowtrace.lang.ast.Cast;
import dev.shadowtrace.lang.ast.Member;
import dev.shadowtrace.lang.ast.ProbeArg;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Conditional;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.ExprStatement;
import dev.shadowtrace.lang.ast.ExprVisitor;
import dev.shadowtrace.lang.ast.If;
import dev.shadowtrace.lang.ast.Index;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.MapRef;
import dev.shadowtrace.lang.ast.Statement;
import dev.shadowtrace.lang.ast.StatementVisitor;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.ast.Unary;
import dev.shadowtrace.lang.ast.Variable;

import java.util.List;
import java.util.stream.Collectors;

/** Prints ASTs as compact, fully parenthesized text so tests can assert structure and precedence. */
final class AstPrinter implements ExprVisitor<String>, StatementVisitor<String> {

    private static final AstPrinter INSTANCE = new AstPrinter();

    static String print(Expr e) {
        return e.accept(INSTANCE);
    }

    static String print(Statement s) {
        return s.accept(INSTANCE);
    }

    private static String list(List<Expr> exprs) {
        return exprs.stream().map(AstPrinter::print).collect(Collectors.joining(", "));
    }

    private static String block(List<Statement> statements) {
        return "{" + statements.stream().map(AstPrinter::print).collect(Collectors.joining("; ")) + "}";
    }

    @Override
    public String visitIntLiteral(IntLiteral e) {
        return Long.toString(e.value());
    }

    @Override
    public String visitStringLiteral(StringLiteral e) {
        return '"' + e.value().replace("\n", "\\n").replace("\t", "\\t").replace("\0", "\\0") + '"';
    }

    @Override
    public String visitBuiltinRef(BuiltinRef e) {
        return e.variable().canonicalName();
    }

    @Override
    public String visitProbeArg(ProbeArg e) {
        return "args->" + e.name();
    }

    @Override
    public String visitMember(Member e) {
        return "(" + print(e.base()) + (e.arrow() ? "->" : ".") + e.name() + ")";
    }

    @Override
    public String visitIndex(Index e) {
        return "(" + print(e.base()) + "[" + print(e.index()) + "])";
    }

    @Override
    public String visitCast(Cast e) {
        return "((" + e.composite() + " *) " + print(e.operand()) + ")";
    }

    @Override
    public String visitVariable(Variable e) {
        return e.scope().prefix() + e.name();
    }

    @Override
    public String visitMapAccess(MapAccess e) {
        return e.keys().isEmpty() ? e.name() : e.name() + "[" + list(e.keys()) + "]";
    }

    @Override
    public String visitMapRef(MapRef e) {
        return "whole " + e.name();
    }

    @Override
    public String visitUnary(Unary e) {
        return "(" + e.op().symbol() + " " + print(e.operand()) + ")";
    }

    @Override
    public String visitBinary(Binary e) {
        return "(" + e.op().symbol() + " " + print(e.left()) + " " + print(e.right()) + ")";
    }

    @Override
    public String visitConditional(Conditional e) {
        return "(? " + print(e.condition()) + " " + print(e.ifTrue()) + " " + print(e.ifFalse()) + ")";
    }

    @Override
    public String visitCall(Call e) {
        return e.function().canonicalName() + "(" + list(e.args()) + ")";
    }

    @Override
    public String visitExprStatement(ExprStatement s) {
        return print(s.expr());
    }

    @Override
    public String visitAssign(Assign s) {
        return "(" + s.op().symbol() + " " + print(s.target()) + " " + print(s.value()) + ")";
    }

    @Override
    public String visitAggregate(Aggregate s) {
        return "(= " + print(s.target()) + " " + s.call().kind().canonicalName() + "(" + list(s.call().args()) + "))";
    }

    @Override
    public String visitIf(If s) {
        String text = "(if " + print(s.condition()) + " " + block(s.thenBody());
        return (s.elseBody().isEmpty() ? text : text + " else " + block(s.elseBody())) + ")";
    }
}
