package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.AggregationCall;
import dev.shadowtrace.lang.ast.Binary;
import dev.shadowtrace.lang.ast.BinaryOp;
import dev.shadowtrace.lang.ast.BuiltinFunction;
import dev.shadowtrace.lang.ast.BuiltinRef;
import dev.shadowtrace.lang.ast.BuiltinVariable;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Cast;
import dev.shadowtrace.lang.ast.Conditional;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.Index;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.MapRef;
import dev.shadowtrace.lang.ast.Member;
import dev.shadowtrace.lang.ast.ProbeArg;
import dev.shadowtrace.lang.ast.StackShape;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.ast.Unary;
import dev.shadowtrace.lang.ast.UnaryOp;
import dev.shadowtrace.lang.ast.VarScope;
import dev.shadowtrace.lang.ast.Variable;
import dev.shadowtrace.lang.check.ConstantFolder;
import dev.shadowtrace.lang.diag.Diagnostics;
import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.diag.Suggest;
import dev.shadowtrace.lang.types.AggregationKind;
import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static dev.shadowtrace.lang.Positions.pos;

/**
 * Builds {@link Expr} nodes from expression parse trees. Resolves names that need no types:
 * built-in variables versus globals, and function names (reporting unknown ones, and aggregating
 * functions used outside {@code @name[keys] = f(...)}).
 */
final class ExprBuilder extends ShadowParserBaseVisitor<Expr> {

    private final Diagnostics diagnostics;
    private final Literals literals;
    private final ScriptParameters parameters;

    ExprBuilder(Diagnostics diagnostics, ScriptParameters parameters) {
        this.diagnostics = diagnostics;
        this.literals = new Literals(diagnostics);
        this.parameters = parameters;
    }

    Expr build(ShadowParser.ExprContext ctx) {
        return visit(ctx);
    }

    /** If {@code ctx} is a call of an aggregating function, that call; else empty. */
    Optional<AggregationCall> aggregationCall(ShadowParser.ExprContext ctx) {
        return asCall(ctx).flatMap(call -> AggregationKind.byName(call.IDENT().getText())
                .map(kind -> new AggregationCall(kind, call.IDENT().getText(), arguments(call), pos(call.IDENT()))));
    }

    @Override
    public Expr visitPrimaryExpr(ShadowParser.PrimaryExprContext ctx) {
        return visit(ctx.primary());
    }

    @Override
    public Expr visitUnaryExpr(ShadowParser.UnaryExprContext ctx) {
        UnaryOp op = switch (ctx.op.getType()) {
            case ShadowParser.NOT -> UnaryOp.NOT;
            case ShadowParser.TILDE -> UnaryOp.BIT_NOT;
            default -> UnaryOp.NEG;
        };
        return new Unary(op, visit(ctx.expr()), pos(ctx.op));
    }

    @Override
    public Expr visitBinaryExpr(ShadowParser.BinaryExprContext ctx) {
        String symbol = ctx.op.getText();
        BinaryOp op = Arrays.stream(BinaryOp.values()).filter(o -> o.symbol().equals(symbol)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no BinaryOp for " + symbol));
        return new Binary(op, visit(ctx.expr(0)), visit(ctx.expr(1)), pos(ctx.op));
    }

    @Override
    public Expr visitConditionalExpr(ShadowParser.ConditionalExprContext ctx) {
        return new Conditional(visit(ctx.expr(0)), visit(ctx.expr(1)), visit(ctx.expr(2)), pos(ctx.QUESTION()));
    }

    @Override
    public Expr visitParenthesized(ShadowParser.ParenthesizedContext ctx) {
        return visit(ctx.expr());
    }

    @Override
    public Expr visitIntLiteral(ShadowParser.IntLiteralContext ctx) {
        SourcePos pos = pos(ctx.INT());
        return new IntLiteral(literals.integer(ctx.INT().getText(), pos), pos);
    }

    @Override
    public Expr visitStringLiteral(ShadowParser.StringLiteralContext ctx) {
        SourcePos pos = pos(ctx.STRING());
        return new StringLiteral(literals.string(ctx.STRING().getText(), pos), pos);
    }

    @Override
    public Expr visitIdentifier(ShadowParser.IdentifierContext ctx) {
        return identifier(ctx.IDENT().getSymbol());
    }

    /** A built-in variable ({@code pid}, {@code curtask}) or a global variable. */
    private static Expr identifier(Token token) {
        String name = token.getText();
        SourcePos pos = pos(token);
        return BuiltinVariable.byName(name).<Expr>map(v -> new BuiltinRef(v, pos))
                .orElseGet(() -> new Variable(VarScope.GLOBAL, name, pos));
    }

    /**
     * {@code args->NAME} or bpftrace's {@code args.NAME}: a probe argument by name. After any other
     * name ({@code curtask->pid}), a struct member of what the name is.
     */
    @Override
    public Expr visitProbeArg(ShadowParser.ProbeArgContext ctx) {
        Token base = ctx.IDENT(0).getSymbol();
        SourcePos pos = pos(base);
        if (!base.getText().equals("args")) {
            return new Member(identifier(base), ctx.IDENT(1).getText(), ctx.op.getType() == ShadowParser.ARROW, pos,
                    pos(ctx.IDENT(1)));
        }
        return new ProbeArg(ctx.IDENT(1).getText(), pos, pos(ctx.IDENT(1)));
    }

    /** {@code x->member} or {@code x.member}: a member of kernel data, resolved by the compiler from BTF. */
    @Override
    public Expr visitMemberExpr(ShadowParser.MemberExprContext ctx) {
        Expr base = visit(ctx.expr());
        return new Member(base, ctx.IDENT().getText(), ctx.op.getType() == ShadowParser.ARROW, base.pos(),
                pos(ctx.IDENT()));
    }

    /** {@code x[i]}: an element of kernel data, resolved by the compiler from BTF. */
    @Override
    public Expr visitIndexExpr(ShadowParser.IndexExprContext ctx) {
        return new Index(visit(ctx.expr(0)), visit(ctx.expr(1)), pos(ctx.LBRACKET().getSymbol()));
    }

    /** {@code (struct NAME *)x} or {@code (union NAME *)x}: x as a pointer to kernel data. */
    @Override
    public Expr visitCastExpr(ShadowParser.CastExprContext ctx) {
        String keyword = ctx.IDENT(0).getText();
        SourcePos pos = pos(ctx.LPAREN().getSymbol());
        Expr operand = visit(ctx.expr());
        if (!keyword.equals("struct") && !keyword.equals("union")) {
            diagnostics.error(pos(ctx.IDENT(0)), "casts are only to pointers to kernel structs and unions, not to '"
                    + keyword + " " + ctx.IDENT(1).getText() + " *'", "write (struct NAME *)x");
            return errorPlaceholder(pos);
        }
        return new Cast(keyword + " " + ctx.IDENT(1).getText(), operand, pos, pos(ctx.IDENT(1)));
    }

    @Override
    public Expr visitThreadLocal(ShadowParser.ThreadLocalContext ctx) {
        return new Variable(VarScope.THREAD, ctx.IDENT().getText(), pos(ctx.SELF()));
    }

    @Override
    public Expr visitClauseLocal(ShadowParser.ClauseLocalContext ctx) {
        return new Variable(VarScope.CLAUSE, ctx.IDENT().getText(), pos(ctx.THIS()));
    }

    /** {@code $name}, or DTrace's {@code $target}: the pid of the trace's target, a literal. */
    @Override
    public Expr visitScratchVariable(ShadowParser.ScratchVariableContext ctx) {
        String name = ctx.SCRATCH().getText().substring(1);
        SourcePos pos = pos(ctx.SCRATCH());
        if (name.equals("target")) {
            if (parameters.target().isEmpty()) {
                diagnostics.error(pos, "$target is the pid of the traced process, and this trace has none",
                        parameters.noTarget());
                return errorPlaceholder(pos);
            }
            return new IntLiteral(parameters.target().getAsLong(), pos);
        }
        return new Variable(VarScope.SCRATCH, name, pos);
    }

    /**
     * {@code $1}..{@code $N}: the words after the script, an integer literal if written as one, else a
     * string literal (bpftrace); {@code $#}: how many there are.
     */
    @Override
    public Expr visitPositionalParameter(ShadowParser.PositionalParameterContext ctx) {
        String text = ctx.POSITIONAL().getText();
        SourcePos pos = pos(ctx.POSITIONAL());
        List<String> words = parameters.positional();
        if (text.equals("$#")) {
            return new IntLiteral(words.size(), pos);
        }
        int n;
        try {
            n = Integer.parseInt(text.substring(1));
        } catch (NumberFormatException e) {
            n = Integer.MAX_VALUE;
        }
        if (n == 0) {
            diagnostics.error(pos, "positional parameters start at $1", "$1 is the first word after the script");
            return errorPlaceholder(pos);
        }
        if (n > words.size()) {
            diagnostics.error(pos, "positional parameter " + text + " is not given: "
                    + (words.isEmpty() ? "no parameters follow the script" : "only " + words.size()
                    + (words.size() == 1 ? " parameter follows" : " parameters follow") + " the script"),
                    "give them after the script: shadowtrace -e 'SCRIPT' WORD... or shadowtrace FILE WORD...");
            return errorPlaceholder(pos);
        }
        String word = words.get(n - 1);
        OptionalLong integer = ScriptParameters.integer(word);
        return integer.isPresent() ? new IntLiteral(integer.getAsLong(), pos) : new StringLiteral(word, pos);
    }

    @Override
    public Expr visitMapAccess(ShadowParser.MapAccessContext ctx) {
        List<Expr> keys = ctx.expr().stream().map(this::visit).toList();
        return new MapAccess(ctx.MAP().getText(), keys, pos(ctx.MAP()));
    }

    @Override
    public Expr visitCall(ShadowParser.CallContext ctx) {
        String name = ctx.IDENT().getText();
        SourcePos pos = pos(ctx.IDENT());
        Optional<BuiltinFunction> function = BuiltinFunction.byName(name);
        if (function.isPresent() && function.get() == BuiltinFunction.DELETE) {
            return delete(ctx, name, pos);
        }
        if (function.isPresent() && function.get() == BuiltinFunction.OFFSETOF) {
            diagnostics.error(pos, "offsetof() takes a struct or union type and a member",
                    "write offsetof(struct NAME, member)");
            arguments(ctx);
            return errorPlaceholder(pos);
        }
        if (name.equals("kstack") || name.equals("ustack")
                || function.isPresent() && function.get() == BuiltinFunction.STACK) {
            return stack(ctx, name, pos);
        }
        if (function.isPresent()) {
            return new Call(function.get(), name, arguments(ctx, function.get()), pos);
        }
        if (AggregationKind.byName(name).isPresent()) {
            diagnostics.error(pos, name + "() is an aggregating function; it can only be used as '@name[keys] = "
                    + name + "(...)'");
        } else if (BuiltinVariable.byName(name).isPresent()) {
            // bpftrace's kstack(mode, limit) for instance: only the plain built-in exists here
            diagnostics.error(pos, name + " is a built-in variable, not a function",
                    "write '" + name + "' without parentheses");
        } else {
            String message = "unknown function '" + name + "'";
            diagnostics.error(pos, Suggest.didYouMean(name, functionNames()).map(s -> message + "; " + s)
                    .orElse(message));
        }
        arguments(ctx);  // still report errors inside the arguments
        return errorPlaceholder(pos);
    }

    /**
     * {@code sizeof(struct NAME)}, {@code sizeof(struct NAME *)} and {@code offsetof(struct NAME, a.b)}:
     * calls whose arguments are a kernel type and a member path, kept as string literals for the
     * compiler, which looks them up in BTF.
     */
    @Override
    public Expr visitTypeCall(ShadowParser.TypeCallContext ctx) {
        List<Token> words = ctx.IDENT().stream().map(t -> t.getSymbol()).toList();
        String name = words.get(0).getText();
        SourcePos pos = pos(words.get(0));
        String keyword = words.get(1).getText();
        SourcePos typePos = pos(words.get(1));
        String type = keyword + " " + words.get(2).getText() + " *".repeat(ctx.STAR().size());
        boolean member = ctx.COMMA() != null;
        if (!name.equals("sizeof") && !name.equals("offsetof")) {
            diagnostics.error(pos, BuiltinFunction.byName(name).isPresent() || BuiltinVariable.byName(name).isPresent()
                    ? name + "() takes values, not a type" : "unknown function '" + name + "'",
                    "only sizeof() and offsetof() take a type");
            return errorPlaceholder(pos);
        }
        if (!keyword.equals("struct") && !keyword.equals("union")) {
            diagnostics.error(typePos, name + "() knows kernel structs and unions, not '" + keyword + " "
                    + words.get(2).getText() + "'", name.equals("sizeof") ? "write sizeof(struct NAME) or sizeof(expr)"
                    : "write offsetof(struct NAME, member)");
            return errorPlaceholder(pos);
        }
        if (name.equals("sizeof")) {
            if (member) {
                diagnostics.error(pos(ctx.COMMA().getSymbol()), "sizeof() takes one type or expression",
                        "write sizeof(struct NAME) or sizeof(expr)");
                return errorPlaceholder(pos);
            }
            return new Call(BuiltinFunction.TYPE_SIZE, name, List.of(new StringLiteral(type, typePos)), pos);
        }
        if (!member || !ctx.STAR().isEmpty()) {
            diagnostics.error(member ? pos(ctx.STAR(0).getSymbol()) : pos, "offsetof() takes a struct or union type"
                    + " (not a pointer) and a member", "write offsetof(struct NAME, member)");
            return errorPlaceholder(pos);
        }
        String path = String.join(".", words.subList(3, words.size()).stream().map(Token::getText).toList());
        return new Call(BuiltinFunction.OFFSETOF, name, List.of(new StringLiteral(type, typePos),
                new StringLiteral(path, pos(words.get(3)))), pos);
    }

    /**
     * {@code delete(@m[k...])}, or bpftrace's {@code delete(@m, k...)} rewritten to it: the checked
     * call has one argument, the element.
     */
    private Expr delete(ShadowParser.CallContext ctx, String name, SourcePos pos) {
        List<Expr> args = arguments(ctx, BuiltinFunction.DELETE);
        if (args.isEmpty()) {
            diagnostics.error(pos, name + "() takes a map element such as @m[key], or a map and its keys: @m, key");
            return errorPlaceholder(pos);
        }
        if (args.get(0) instanceof MapRef map) {
            if (args.size() == 1) {
                diagnostics.error(map.pos(), name + "() removes one element: write " + name + "(" + map.name()
                        + "[key]) or " + name + "(" + map.name() + ", key)", "to reset every value, use clear("
                        + map.name() + ")");
                return errorPlaceholder(pos);
            }
            return new Call(BuiltinFunction.DELETE, name,
                    List.of(new MapAccess(map.name(), args.subList(1, args.size()), map.pos())), pos);
        }
        if (!(args.get(0) instanceof MapAccess) || args.size() > 1) {
            diagnostics.error(args.get(0).pos(), name + "() takes a map element such as @m[key], or a map and"
                    + " its keys: @m, key");
            return errorPlaceholder(pos);
        }
        return new Call(BuiltinFunction.DELETE, name, args, pos);
    }

    /**
     * bpftrace's {@code kstack(mode)}, {@code kstack(limit)}, {@code kstack(mode, limit)}, the same of
     * {@code ustack} (DTrace's {@code ustack(nframes)} too) and DTrace's {@code stack(nframes)}: a
     * {@link BuiltinFunction#STACK} call whose arguments are the shape's literals ({@link StackShape#of}),
     * none for the default kernel shape.
     */
    private Expr stack(ShadowParser.CallContext ctx, String name, SourcePos pos) {
        List<ShadowParser.ExprContext> args = ctx.expr();
        boolean user = name.equals("ustack");
        boolean kstack = user || name.equals("kstack");
        String usage = kstack ? "write " + name + ", " + name + "(N), " + name + "(perf) or " + name
                + "(perf, N), N a frame count from 1 to " + StackShape.MAX_FRAMES
                : "write stack() or stack(N), N a frame count from 1 to " + StackShape.MAX_FRAMES;
        if (args.size() > (kstack ? 2 : 1)) {
            diagnostics.error(pos, name + "() takes " + (kstack ? "at most a mode and a frame count" : "at most a"
                    + " frame count") + ", not " + args.size() + " arguments", usage);
            arguments(ctx);
            return errorPlaceholder(pos);
        }
        StackShape.Mode mode = StackShape.Mode.DEFAULT;
        int next = 0;
        Optional<Token> word = args.isEmpty() ? Optional.empty() : identifierToken(args.get(0));
        if (kstack && word.isPresent() && (args.size() == 2 || BuiltinVariable.byName(word.get().getText())
                .isEmpty())) {
            Optional<StackShape.Mode> spelled = StackShape.Mode.bySpelling(word.get().getText());
            if (spelled.isEmpty()) {
                String message = "unknown stack mode '" + word.get().getText() + "'";
                diagnostics.error(pos(word.get()), Suggest.didYouMean(word.get().getText(),
                        StackShape.Mode.spellings()).map(x -> message + "; " + x).orElse(message
                        + ": the modes are " + String.join(", ", StackShape.Mode.spellings())), usage);
                return errorPlaceholder(pos);
            }
            mode = spelled.get();
            next = 1;
        } else if (kstack && args.size() == 2) {
            diagnostics.error(pos(args.get(0).getStart()), name + "()'s first argument of two is a mode: "
                    + String.join(", ", StackShape.Mode.spellings()), usage);
            arguments(ctx);
            return errorPlaceholder(pos);
        }
        int limit = 0;
        if (next < args.size()) {
            Expr count = visit(args.get(next));
            Optional<Long> value = ConstantFolder.evaluate(count);
            if (value.isEmpty()) {
                diagnostics.error(count.pos(), name + "()'s frame count must be an integer constant", usage);
                return errorPlaceholder(pos);
            }
            if (value.get() < 1 || value.get() > StackShape.MAX_FRAMES) {
                diagnostics.error(count.pos(), name + "() records 1 to " + StackShape.MAX_FRAMES + " frames (the"
                        + " kernel's perf_event_max_stack), not " + value.get(), usage);
                return errorPlaceholder(pos);
            }
            limit = value.get().intValue();
        }
        StackShape shape = new StackShape(mode, limit, user).normalized();
        if (shape.equals(StackShape.DEFAULT)) {
            return new Call(BuiltinFunction.STACK, name, List.of(), pos);
        }
        List<Expr> literals = new ArrayList<>(List.of(new IntLiteral(shape.mode().ordinal(), pos),
                new IntLiteral(shape.limit(), pos)));
        if (user) {
            literals.add(new IntLiteral(1, pos));
        }
        return new Call(BuiltinFunction.STACK, name, literals, pos);
    }

    /** The IDENT token of an expression that is just a name ({@code perf}). */
    private static Optional<Token> identifierToken(ShadowParser.ExprContext ctx) {
        if (ctx instanceof ShadowParser.PrimaryExprContext primary
                && primary.primary() instanceof ShadowParser.IdentifierContext identifier) {
            return Optional.of(identifier.IDENT().getSymbol());
        }
        return Optional.empty();
    }

    private List<Expr> arguments(ShadowParser.CallContext ctx) {
        return ctx.expr().stream().map(this::visit).toList();
    }

    /** Arguments of a built-in; for functions that take a map, a bare {@code @name} is the whole map. */
    private List<Expr> arguments(ShadowParser.CallContext ctx, BuiltinFunction function) {
        List<Expr> args = new ArrayList<>();
        for (ShadowParser.ExprContext arg : ctx.expr()) {
            Optional<Token> bareMap = function.takesMap() ? bareMap(arg) : Optional.empty();
            args.add(bareMap.<Expr>map(map -> new MapRef(map.getText(), pos(map))).orElseGet(() -> visit(arg)));
        }
        return args;
    }

    /** The MAP token of an expression that is just {@code @name}, without keys. */
    private static Optional<Token> bareMap(ShadowParser.ExprContext ctx) {
        if (ctx instanceof ShadowParser.PrimaryExprContext primary
                && primary.primary() instanceof ShadowParser.MapAccessContext map && map.LBRACKET() == null) {
            return Optional.of(map.MAP().getSymbol());
        }
        return Optional.empty();
    }

    private static Optional<ShadowParser.CallContext> asCall(ShadowParser.ExprContext ctx) {
        if (ctx instanceof ShadowParser.PrimaryExprContext primary
                && primary.primary() instanceof ShadowParser.CallContext call) {
            return Optional.of(call);
        }
        return Optional.empty();
    }

    private static List<String> functionNames() {
        return Stream.concat(Arrays.stream(BuiltinFunction.values()).flatMap(f -> f.names().stream()),
                Arrays.stream(AggregationKind.values()).flatMap(k -> k.names().stream())).toList();
    }

    /** Stands in for an erroneous expression so building can go on; the script is rejected anyway. */
    private static Expr errorPlaceholder(SourcePos pos) {
        return new IntLiteral(0, pos);
    }
}
