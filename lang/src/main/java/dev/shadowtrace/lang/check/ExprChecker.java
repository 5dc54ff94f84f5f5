package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.ast.Binary;
import dev.shadowtrace.lang.ast.BuiltinRef;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Cast;
import dev.shadowtrace.lang.ast.Conditional;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.ExprVisitor;
import dev.shadowtrace.lang.ast.Index;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.MapRef;
import dev.shadowtrace.lang.ast.Member;
import dev.shadowtrace.lang.ast.ProbeArg;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.ast.Unary;
import dev.shadowtrace.lang.ast.UnaryOp;
import dev.shadowtrace.lang.ast.Variable;
import dev.shadowtrace.lang.diag.Diagnostics;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Types expressions, returning a copy of each with its {@link Type} resolved. An expression whose
 * operand failed to check gets type UNRESOLVED without a further error, so one mistake gives one
 * message.
 */
final class ExprChecker implements ExprVisitor<Expr> {

    private final Diagnostics diagnostics;
    private final VariableChecker variables;
    private final MapChecker maps;
    private final ProbeContext probes;
    private final CallChecker calls;

    ExprChecker(Diagnostics diagnostics, VariableChecker variables, MapChecker maps, ProbeContext probes) {
        this.diagnostics = diagnostics;
        this.variables = variables;
        this.maps = maps;
        this.probes = probes;
        this.calls = new CallChecker(this, diagnostics, probes, maps);
    }

    /** Types an expression whose result may be void (an expression statement). */
    Expr check(Expr e) {
        return e.accept(this);
    }

    /** Types an expression whose value is used: an operand, argument, key or assigned value. */
    Expr value(Expr e) {
        Expr typed = e.accept(this);
        if (typed.type() == ScalarType.VOID && typed instanceof Call call) {
            diagnostics.error(call.pos(), call.name() + "() returns no value");
        }
        return typed;
    }

    /** Types a condition (predicate, if, ?:, !, &&, ||), which must be an integer. */
    Expr condition(Expr e, String what) {
        Expr typed = value(e);
        if (typed.type().isStorable() && typed.type() != ScalarType.INT) {
            diagnostics.error(typed.pos(), what + " must be an integer, but has type " + typed.type(),
                    "compare strings with == or !=, e.g. execname == \"sshd\"");
        }
        return typed;
    }

    @Override
    public Expr visitIntLiteral(IntLiteral e) {
        return new IntLiteral(e.value(), e.pos(), ScalarType.INT);
    }

    @Override
    public Expr visitStringLiteral(StringLiteral e) {
        int bytes = e.value().getBytes(StandardCharsets.UTF_8).length;
        if (bytes >= ScalarType.STRING_SIZE) {
            diagnostics.error(e.pos(), "string literal is " + bytes + " bytes long, but strings hold at most "
                    + (ScalarType.STRING_SIZE - 1) + " bytes");
        }
        return formatLiteral(e);
    }

    /** A printf()/printa() format: a string literal without the size limit of string values. */
    StringLiteral formatLiteral(StringLiteral e) {
        return new StringLiteral(e.value(), e.pos(), ScalarType.STRING);
    }

    @Override
    public Expr visitBuiltinRef(BuiltinRef e) {
        probes.require(e.variable().availability(), e.variable().canonicalName(), e.pos());
        return new BuiltinRef(e.variable(), e.pos(), e.variable().type());
    }

    /** A member of kernel data: its base must be an integer (a pointer, or a struct member's address). */
    @Override
    public Expr visitMember(Member e) {
        Expr base = value(e.base());
        return new Member(base, e.name(), e.arrow(), e.pos(), e.namePos(),
                integerOperands(e.arrow() ? "->" : ".", base));
    }

    /** An element of kernel data: its base must be an integer (an array's address or a pointer), and its index. */
    @Override
    public Expr visitIndex(Index e) {
        Expr base = value(e.base());
        Expr index = value(e.index());
        return new Index(base, index, e.pos(), integerOperands("[]", base, index));
    }

    @Override
    public Expr visitCast(Cast e) {
        Expr operand = value(e.operand());
        return new Cast(e.composite(), operand, e.pos(), e.typePos(), integerOperands("a cast", operand));
    }

    @Override
    public Expr visitProbeArg(ProbeArg e) {
        probes.requireProbeArg(e);
        return new ProbeArg(e.name(), e.pos(), e.namePos(), ScalarType.INT);
    }

    @Override
    public Expr visitVariable(Variable e) {
        return new Variable(e.scope(), e.name(), e.pos(), variables.read(e));
    }

    @Override
    public Expr visitMapAccess(MapAccess e) {
        List<Expr> keys = keys(e);
        return new MapAccess(e.name(), keys, e.pos(), maps.read(e, keys));
    }

    /** Types the keys of a map element. */
    List<Expr> keys(MapAccess e) {
        return e.keys().stream().map(this::value).toList();
    }

    @Override
    public Expr visitMapRef(MapRef e) {
        return new MapRef(e.name(), e.pos(), maps.whole(e));
    }

    @Override
    public Expr visitUnary(Unary e) {
        if (e.op() == UnaryOp.NOT) {
            Expr operand = condition(e.operand(), "the operand of '!'");
            return new Unary(e.op(), operand, e.pos(), operand.type() == ScalarType.INT ? ScalarType.INT
                    : ScalarType.UNRESOLVED);
        }
        Expr operand = value(e.operand());
        return new Unary(e.op(), operand, e.pos(), integerOperands(e.op().symbol(), operand));
    }

    @Override
    public Expr visitBinary(Binary e) {
        Expr left = value(e.left());
        Expr right = value(e.right());
        Type l = left.type();
        Type r = right.type();
        Type result;
        if (e.op().isEquality() && l == ScalarType.BUFFER && r == ScalarType.BUFFER) {
            diagnostics.error(e.pos(), "buffers cannot be compared with '" + e.op().symbol() + "'",
                    "compare their text: stringof(a) " + e.op().symbol() + " stringof(b)");
            result = ScalarType.UNRESOLVED;
        } else if (e.op().isEquality() && l.isStorable() && l.equals(r)) {
            result = ScalarType.INT;
        } else if (e.op().isEquality() && l.isStorable() && r.isStorable()) {
            diagnostics.error(e.pos(), "cannot compare " + l + " with " + r + " using '" + e.op().symbol() + "'");
            result = ScalarType.UNRESOLVED;
        } else {
            result = integerOperands(e.op().symbol(), left, right);
        }
        return new Binary(e.op(), left, right, e.pos(), result);
    }

    /** INT if all operands are integers; reports other known types; UNRESOLVED if any operand is not int. */
    private Type integerOperands(String operator, Expr... operands) {
        boolean allInt = true;
        for (Expr operand : operands) {
            Type type = operand.type();
            if (type.isStorable() && type != ScalarType.INT) {
                String message = "operator '" + operator + "' cannot be applied to " + type;
                if (type == ScalarType.STRING) {
                    diagnostics.error(operand.pos(), message, "strings can only be compared for equality, with == and !=");
                } else {
                    diagnostics.error(operand.pos(), message);
                }
                return ScalarType.UNRESOLVED;
            }
            allInt &= type == ScalarType.INT;
        }
        return allInt ? ScalarType.INT : ScalarType.UNRESOLVED;
    }

    @Override
    public Expr visitConditional(Conditional e) {
        Expr condition = condition(e.condition(), "the condition of '?:'");
        Expr ifTrue = value(e.ifTrue());
        Expr ifFalse = value(e.ifFalse());
        Type type = ScalarType.UNRESOLVED;
        if (ifTrue.type().isStorable() && ifTrue.type().equals(ifFalse.type())) {
            type = ifTrue.type();
        } else if (ifTrue.type().isStorable() && ifFalse.type().isStorable()) {
            diagnostics.error(e.pos(), "the branches of '?:' have different types: " + ifTrue.type() + " and "
                    + ifFalse.type());
        }
        return new Conditional(condition, ifTrue, ifFalse, e.pos(), type);
    }

    @Override
    public Expr visitCall(Call e) {
        return calls.check(e);
    }
}
