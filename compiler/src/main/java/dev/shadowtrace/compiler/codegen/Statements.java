package dev.shadowtrace.compiler.codegen;

import dev.shadowtrace.lang.ast.Aggregate;
import dev.shadowtrace.lang.ast.Assign;
import dev.shadowtrace.lang.ast.AssignOp;
import dev.shadowtrace.lang.ast.BuiltinFunction;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.ExprStatement;
import dev.shadowtrace.lang.ast.If;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.ast.Statement;
import dev.shadowtrace.lang.ast.StatementVisitor;
import dev.shadowtrace.lang.types.ScalarType;

import java.util.List;

/** Statements; each one's temporary stack buffers are released after it. */
final class Statements implements StatementVisitor<Void> {
    private final ClauseContext c;
    private final Actions actions;
    private final Aggregations aggregations;

    Statements(ClauseContext c) {
        this.c = c;
        this.actions = new Actions(c);
        this.aggregations = new Aggregations(c);
    }

    void emit(List<Statement> statements) {
        for (Statement statement : statements) {
            int mark = c.frame.mark();
            statement.accept(this);
            c.frame.release(mark);
            if (!c.values.isEmpty()) {
                throw new IllegalStateException("value left on the stack by the statement at " + statement.pos());
            }
        }
    }

    @Override
    public Void visitExprStatement(ExprStatement s) {
        if (s.expr() instanceof Call call && (call.type() == ScalarType.VOID || call.function() == BuiltinFunction.STACK)) {
            actions.emit(call);
        } else if (s.expr().type() == ScalarType.STRING) {
            c.strings.temporary(s.expr());
        } else if (s.expr().type() == ScalarType.BUFFER) {
            c.buffers.temporary(s.expr());
        } else {
            c.ints.push(s.expr());
            c.values.pop();
        }
        return null;
    }

    @Override
    public Void visitAssign(Assign s) {
        Location target = c.storage.locate(s.target());
        if (s.value().type() == ScalarType.STRING) {
            assignString(target, s);
        } else if (s.value().type() == ScalarType.BUFFER) {
            assignBuffer(target, s);
        } else if (s.op() == AssignOp.ASSIGN && target instanceof ThreadLocation thread
                && s.value() instanceof IntLiteral literal && literal.value() == 0) {
            thread.clear();
        } else if (s.op() == AssignOp.ASSIGN) {
            c.ints.push(s.value());
            target.storeInt(c.values.top());
            c.values.pop();
        } else if (s.op() == AssignOp.ADD || s.op() == AssignOp.SUB) {
            c.ints.push(s.value());
            if (s.op() == AssignOp.SUB) {
                c.ints.negateTop();
            }
            target.addInt(c.values.top());
            c.values.pop();
        } else {
            target.loadInt(c.values.push());
            c.ints.apply(s.op().binaryOp().orElseThrow(), s.value());
            target.storeInt(c.values.top());
            c.values.pop();
        }
        return null;
    }

    private void assignString(Location target, Assign s) {
        if (target instanceof ClauseLocalLocation local) {
            c.strings.materialize(s.value(), local.offset(), ScalarType.STRING_SIZE);
            return;
        }
        int buffer = c.frame.alloc(ScalarType.STRING_SIZE);
        c.strings.materialize(s.value(), buffer, ScalarType.STRING_SIZE);
        target.storeBytes(buffer, ScalarType.STRING_SIZE);
    }

    private void assignBuffer(Location target, Assign s) {
        if (target instanceof ClauseLocalLocation local) {
            c.buffers.materialize(s.value(), local.offset());
            return;
        }
        target.storeBytes(c.buffers.temporary(s.value()), Buffers.SIZE);
    }

    @Override
    public Void visitAggregate(Aggregate s) {
        aggregations.emit(s);
        return null;
    }

    @Override
    public Void visitIf(If s) {
        String otherwise = c.asm.newLabel("if.else");
        c.conditions.branch(s.condition(), false, otherwise);
        emit(s.thenBody());
        if (s.elseBody().isEmpty()) {
            c.asm.label(otherwise);
            return null;
        }
        String end = c.asm.newLabel("if.end");
        c.asm.ja(end).label(otherwise);
        emit(s.elseBody());
        c.asm.label(end);
        return null;
    }
}
