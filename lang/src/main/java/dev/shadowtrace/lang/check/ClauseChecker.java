package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.ast.Aggregate;
import dev.shadowtrace.lang.ast.AggregationCall;
import dev.shadowtrace.lang.ast.Assign;
import dev.shadowtrace.lang.ast.AssignOp;
import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.ExprStatement;
import dev.shadowtrace.lang.ast.If;
import dev.shadowtrace.lang.ast.LValue;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.Statement;
import dev.shadowtrace.lang.ast.StatementVisitor;
import dev.shadowtrace.lang.ast.Variable;
import dev.shadowtrace.lang.diag.Diagnostics;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks one clause: its predicate and statements, with the clause's own local variables. */
final class ClauseChecker implements StatementVisitor<Statement> {

    private final Diagnostics diagnostics;
    private final Clause clause;
    private final Map<String, VariableSymbol> locals = new LinkedHashMap<>();
    private final VariableChecker variables;
    private final MapChecker maps;
    private final ExprChecker exprs;
    private final AggregationChecker aggregations;

    ClauseChecker(Diagnostics diagnostics, Symbols symbols, Clause clause) {
        this.diagnostics = diagnostics;
        this.clause = clause;
        ProbeContext probes = new ProbeContext(clause.probes(), diagnostics);
        this.variables = new VariableChecker(diagnostics, symbols, locals, probes);
        this.maps = new MapChecker(diagnostics, symbols);
        this.exprs = new ExprChecker(diagnostics, variables, maps, probes);
        this.aggregations = new AggregationChecker(exprs, diagnostics);
    }

    /** The clause with every expression typed. */
    Clause check() {
        Optional<Expr> predicate = clause.predicate().map(p -> exprs.condition(p, "the predicate"));
        return new Clause(clause.probes(), predicate, statements(clause.body()), clause.pos());
    }

    /** The clause-local variables, valid after {@link #check()}. */
    Map<String, VariableSymbol> locals() {
        return locals;
    }

    private List<Statement> statements(List<Statement> statements) {
        return statements.stream().map(s -> s.accept(this)).toList();
    }

    @Override
    public Statement visitExprStatement(ExprStatement s) {
        return new ExprStatement(exprs.check(s.expr()), s.pos());
    }

    /**
     * {@code target = value} gives a new variable or map the value's type; a compound assignment
     * {@code target op= value} needs integers on both sides (and makes a new target an int).
     */
    @Override
    public Statement visitAssign(Assign s) {
        Expr value = exprs.value(s.value());
        boolean compound = s.op() != AssignOp.ASSIGN;
        if (compound && value.type().isStorable() && value.type() != ScalarType.INT) {
            diagnostics.error(value.pos(), "'" + s.op().symbol() + "' needs an integer, but the value has type "
                    + value.type());
        }
        LValue target;
        if (s.target() instanceof Variable v) {
            Type type = compound ? variables.update(v) : variables.assign(v, value.type());
            target = new Variable(v.scope(), v.name(), v.pos(), type);
        } else {
            MapAccess m = (MapAccess) s.target();
            List<Expr> keys = exprs.keys(m);
            Type type = compound ? maps.update(m, keys) : maps.assign(m, keys, value);
            target = new MapAccess(m.name(), keys, m.pos(), type);
        }
        if (compound && target.type().isStorable() && target.type() != ScalarType.INT) {
            String name = target instanceof Variable v ? v.scope().prefix() + v.name() : ((MapAccess) target).name();
            diagnostics.error(target.pos(), "cannot update " + name + " arithmetically: it has type " + target.type());
        }
        return new Assign(target, s.op(), value, s.pos());
    }

    @Override
    public Statement visitAggregate(Aggregate s) {
        List<Expr> keys = exprs.keys(s.target());
        AggregationCall call = aggregations.check(s.call());
        maps.aggregate(s.target(), keys, call);
        Type type = call.type();
        return new Aggregate(new MapAccess(s.target().name(), keys, s.target().pos(), type), call, s.pos());
    }

    @Override
    public Statement visitIf(If s) {
        Expr condition = exprs.condition(s.condition(), "the condition of 'if'");
        return new If(condition, statements(s.thenBody()), statements(s.elseBody()), s.pos());
    }
}
