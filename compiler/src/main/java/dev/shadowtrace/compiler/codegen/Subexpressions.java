package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.lang.ast.Aggregate;
import dev.shadowtrace.lang.ast.Assign;
import dev.shadowtrace.lang.ast.Binary;
import dev.shadowtrace.lang.ast.BuiltinRef;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.Conditional;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.ExprStatement;
import dev.shadowtrace.lang.ast.ExprVisitor;
import dev.shadowtrace.lang.ast.If;
import dev.shadowtrace.lang.ast.Index;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.MapRef;
import dev.shadowtrace.lang.ast.Member;
import dev.shadowtrace.lang.ast.Cast;
import dev.shadowtrace.lang.ast.ProbeArg;
import dev.shadowtrace.lang.ast.Statement;
import dev.shadowtrace.lang.ast.StatementVisitor;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.ast.Unary;
import dev.shadowtrace.lang.ast.Variable;

import java.util.ArrayList;
import java.util.List;

/** Every expression of a clause, nested ones and assignment targets included, outermost first. */
final class Subexpressions implements ExprVisitor<Void>, StatementVisitor<Void> {
    private final List<Expr> found = new ArrayList<>();

    private Subexpressions() {}

    static List<Expr> of(Clause clause) {
        Subexpressions s = new Subexpressions();
        clause.predicate().ifPresent(s::add);
        s.addAll(clause.body());
        return s.found;
    }

    private void add(Expr e) {
        e.accept(this);
    }

    private void addAll(List<Statement> statements) {
        statements.forEach(statement -> statement.accept(this));
    }

    @Override
    public Void visitExprStatement(ExprStatement s) {
        add(s.expr());
        return null;
    }

    @Override
    public Void visitAssign(Assign s) {
        add(s.target());
        add(s.value());
        return null;
    }

    @Override
    public Void visitAggregate(Aggregate s) {
        add(s.target());
        s.call().args().forEach(this::add);
        return null;
    }

    @Override
    public Void visitIf(If s) {
        add(s.condition());
        addAll(s.thenBody());
        addAll(s.elseBody());
        return null;
    }

    @Override
    public Void visitIntLiteral(IntLiteral e) {
        found.add(e);
        return null;
    }

    @Override
    public Void visitStringLiteral(StringLiteral e) {
        found.add(e);
        return null;
    }

    @Override
    public Void visitBuiltinRef(BuiltinRef e) {
        found.add(e);
        return null;
    }

    @Override
    public Void visitProbeArg(ProbeArg e) {
        found.add(e);
        return null;
    }

    @Override
    public Void visitVariable(Variable e) {
        found.add(e);
        return null;
    }

    @Override
    public Void visitMapAccess(MapAccess e) {
        found.add(e);
        e.keys().forEach(this::add);
        return null;
    }

    @Override
    public Void visitMapRef(MapRef e) {
        found.add(e);
        return null;
    }

    @Override
    public Void visitMember(Member e) {
        found.add(e);
        add(e.base());
        return null;
    }

    @Override
    public Void visitIndex(Index e) {
        found.add(e);
        add(e.base());
        add(e.index());
        return null;
    }

    @Override
    public Void visitCast(Cast e) {
        found.add(e);
        add(e.operand());
        return null;
    }

    @Override
    public Void visitUnary(Unary e) {
        found.add(e);
        add(e.operand());
        return null;
    }

    @Override
    public Void visitBinary(Binary e) {
        found.add(e);
        add(e.left());
        add(e.right());
        return null;
    }

    @Override
    public Void visitConditional(Conditional e) {
        found.add(e);
        add(e.condition());
        add(e.ifTrue());
        add(e.ifFalse());
        return null;
    }

    @Override
    public Void visitCall(Call e) {
        found.add(e);
        e.args().forEach(this::add);
        return null;
    }
}
