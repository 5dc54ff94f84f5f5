package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.TracerClause;
import dev.shadowtrace.lang.ast.Aggregate;
import dev.shadowtrace.lang.ast.Assign;
import dev.shadowtrace.lang.ast.Binary;
import dev.shadowtrace.lang.ast.BuiltinFunction;
import dev.shadowtrace.lang.ast.BuiltinRef;
import dev.shadowtrace.lang.ast.Index;
import dev.shadowtrace.lang.ast.Member;
import dev.shadowtrace.lang.ast.Cast;
import dev.shadowtrace.lang.ast.ProbeArg;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Conditional;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.ExprStatement;
import dev.shadowtrace.lang.ast.ExprVisitor;
import dev.shadowtrace.lang.ast.If;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.MapRef;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.ast.Statement;
import dev.shadowtrace.lang.ast.StatementVisitor;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.ast.Unary;
import dev.shadowtrace.lang.ast.Variable;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds what a BEGIN, END or timer clause asks for that the tracer cannot do, before tracing
 * starts rather than when the clause runs (an END clause runs after the data was gathered). The
 * checker already rejects the process built-ins, {@code argN}, {@code retval}, {@code stack()}
 * ({@code kstack}) and {@code self->} there; what remains is {@code str()}, which reads kernel memory.
 */
final class TracerCheck implements ExprVisitor<Void>, StatementVisitor<Void> {
    private final String source;
    private final TracerClause clause;
    private final List<String> errors;

    private TracerCheck(String source, TracerClause clause, List<String> errors) {
        this.source = source;
        this.clause = clause;
        this.errors = errors;
    }

    /**
     * @throws IllegalArgumentException with one line per problem,
     *     {@code file:line:column: error: message}, as the compiler reports errors
     */
    static void check(CompiledScript script) {
        List<String> errors = new ArrayList<>();
        for (TracerClause clause : script.tracerClauses()) {
            TracerCheck check = new TracerCheck(script.source(), clause, errors);
            clause.clause().predicate().ifPresent(check::expr);
            check.statements(clause.clause().body());
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", errors));
        }
    }

    private void expr(Expr e) {
        e.accept(this);
    }

    private void statements(List<Statement> statements) {
        statements.forEach(s -> s.accept(this));
    }

    @Override
    public Void visitCall(Call e) {
        if (e.function() == BuiltinFunction.STR && e.args().get(0).type() != ScalarType.BUFFER
                || e.function() == BuiltinFunction.COPYINSTR) {
            errors.add(source + ":" + e.pos() + ": error: " + e.name() + "() reads kernel memory, which "
                    + clause.probes().get(0).text() + " cannot do: BEGIN, END and timer clauses run in the tracer,"
                    + " not in the traced process");
        }
        e.args().forEach(this::expr);
        return null;
    }

    @Override
    public Void visitExprStatement(ExprStatement s) {
        expr(s.expr());
        return null;
    }

    @Override
    public Void visitAssign(Assign s) {
        expr(s.target());
        expr(s.value());
        return null;
    }

    @Override
    public Void visitAggregate(Aggregate s) {
        expr(s.target());
        s.call().args().forEach(this::expr);
        return null;
    }

    @Override
    public Void visitIf(If s) {
        expr(s.condition());
        statements(s.thenBody());
        statements(s.elseBody());
        return null;
    }

    @Override
    public Void visitMapAccess(MapAccess e) {
        e.keys().forEach(this::expr);
        return null;
    }

    @Override
    public Void visitUnary(Unary e) {
        expr(e.operand());
        return null;
    }

    @Override
    public Void visitBinary(Binary e) {
        expr(e.left());
        expr(e.right());
        return null;
    }

    @Override
    public Void visitConditional(Conditional e) {
        expr(e.condition());
        expr(e.ifTrue());
        expr(e.ifFalse());
        return null;
    }

    @Override
    public Void visitIntLiteral(IntLiteral e) {
        return null;
    }

    @Override
    public Void visitStringLiteral(StringLiteral e) {
        return null;
    }

    @Override
    public Void visitBuiltinRef(BuiltinRef e) {
        return null;
    }

    @Override
    public Void visitProbeArg(ProbeArg e) {
        return null; // the checker allows args only in syscall probes
    }

    /** Members of kernel data are kernel memory, which the tracer cannot read. */
    @Override
    public Void visitMember(Member e) {
        errors.add(source + ":" + e.namePos() + ": error: ." + e.name() + " reads kernel memory, which "
                + clause.probes().get(0).text() + " cannot do: BEGIN, END and timer clauses run in the tracer,"
                + " not in the traced process");
        return null;
    }

    @Override
    public Void visitIndex(Index e) {
        errors.add(source + ":" + e.pos() + ": error: [] reads kernel memory, which "
                + clause.probes().get(0).text() + " cannot do: BEGIN, END and timer clauses run in the tracer,"
                + " not in the traced process");
        return null;
    }

    @Override
    public Void visitCast(Cast e) {
        return e.operand().accept(this);
    }

    @Override
    public Void visitVariable(Variable e) {
        return null;
    }

    @Override
    public Void visitMapRef(MapRef e) {
        return null;
    }
}
