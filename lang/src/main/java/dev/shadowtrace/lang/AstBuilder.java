package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.Aggregate;
import dev.shadowtrace.lang.ast.AggregationCall;
import dev.shadowtrace.lang.ast.Assign;
import dev.shadowtrace.lang.ast.AssignOp;
import dev.shadowtrace.lang.ast.BuiltinRef;
import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.ExprStatement;
import dev.shadowtrace.lang.ast.If;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.ast.LValue;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.Script;
import dev.shadowtrace.lang.ast.Statement;
import dev.shadowtrace.lang.diag.Diagnostics;
import dev.shadowtrace.lang.diag.SourcePos;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.shadowtrace.lang.Positions.pos;

/**
 * Builds the {@link Script} AST from the parse tree: clauses, probe descriptions (via
 * {@link ProbeParser}) and statements (expressions via {@link ExprBuilder}). Reports the errors that
 * the grammar lets through: malformed probes, assignments to non-assignable expressions.
 */
final class AstBuilder {

    private final Diagnostics diagnostics;
    private final ProbeParser probes;
    private final ExprBuilder exprs;

    AstBuilder(Diagnostics diagnostics, ScriptParameters parameters) {
        this.diagnostics = diagnostics;
        this.probes = new ProbeParser(diagnostics);
        this.exprs = new ExprBuilder(diagnostics, parameters);
    }

    Script script(ShadowParser.ScriptContext ctx) {
        List<Clause> clauses = new ArrayList<>();
        for (ShadowParser.ClauseContext clause : ctx.clause()) {
            clause(clause).ifPresent(clauses::add);
        }
        return new Script(diagnostics.source(), clauses);
    }

    /** The clause, or empty if none of its probe descriptions is valid (errors are reported). */
    private Optional<Clause> clause(ShadowParser.ClauseContext ctx) {
        List<ProbeDescription> probeList = new ArrayList<>();
        for (TerminalNode probe : ctx.probeList().PROBE()) {
            probes.parse(probe.getText(), pos(probe)).ifPresent(probeList::add);
        }
        Optional<Expr> predicate = Optional.ofNullable(ctx.predicate()).map(p -> exprs.build(p.expr()));
        List<Statement> body = block(ctx.block());
        if (probeList.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Clause(probeList, predicate, body, pos(ctx.getStart())));
    }

    private List<Statement> block(ShadowParser.BlockContext ctx) {
        List<Statement> statements = new ArrayList<>();
        for (ShadowParser.BlockItemContext item : ctx.blockItem()) {
            if (item.ifStatement() != null) {
                statements.add(ifStatement(item.ifStatement()));
            } else if (item.simpleStatement() != null) {
                simpleStatement(item.simpleStatement()).ifPresent(statements::add);
            }
        }
        return statements;
    }

    private If ifStatement(ShadowParser.IfStatementContext ctx) {
        Expr condition = exprs.build(ctx.expr());
        List<Statement> thenBody = block(ctx.block(0));
        List<Statement> elseBody;
        if (ctx.ifStatement() != null) {
            elseBody = List.of(ifStatement(ctx.ifStatement()));
        } else if (ctx.block().size() > 1) {
            elseBody = block(ctx.block(1));
        } else {
            elseBody = List.of();
        }
        return new If(condition, thenBody, elseBody, pos(ctx.getStart()));
    }

    /** An expression statement, assignment, aggregation, or {@code x++}/{@code x--} as {@code x += 1}/{@code x -= 1}. */
    private Optional<Statement> simpleStatement(ShadowParser.SimpleStatementContext ctx) {
        SourcePos pos = pos(ctx.getStart());
        Token opToken = ctx.assignOp() != null ? ctx.assignOp().getStart()
                : ctx.INC() != null ? ctx.INC().getSymbol()
                : ctx.DEC() != null ? ctx.DEC().getSymbol() : null;
        if (opToken == null) {
            return Optional.of(new ExprStatement(exprs.build(ctx.expr(0)), pos));
        }
        Expr target = exprs.build(ctx.expr(0));
        if (ctx.assignOp() != null && target instanceof MapAccess map && opToken.getType() == ShadowParser.ASSIGN) {
            Optional<AggregationCall> aggregation = exprs.aggregationCall(ctx.expr(1));
            if (aggregation.isPresent()) {
                return Optional.of(new Aggregate(map, aggregation.get(), pos));
            }
        }
        AssignOp op = assignOp(opToken);
        Expr value = ctx.assignOp() != null ? exprs.build(ctx.expr(1)) : new IntLiteral(1, pos(opToken));
        if (target instanceof LValue lvalue) {
            return Optional.of(new Assign(lvalue, op, value, pos));
        }
        if (target instanceof BuiltinRef builtin) {
            diagnostics.error(target.pos(), "cannot assign to built-in variable '"
                    + builtin.variable().canonicalName() + "'");
        } else {
            diagnostics.error(pos(opToken), "the left side of '" + opToken.getText()
                    + "' must be a variable or a map element, such as x, self->x, this->x, $x or @m[k]");
        }
        return Optional.empty();
    }

    private static AssignOp assignOp(Token token) {
        return switch (token.getType()) {
            case ShadowParser.INC -> AssignOp.ADD;
            case ShadowParser.DEC -> AssignOp.SUB;
            default -> Arrays.stream(AssignOp.values()).filter(op -> op.symbol().equals(token.getText()))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no AssignOp for " + token.getText()));
        };
    }
}
