package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.TracerClause;
import dev.shadowtrace.compiler.kernel.CgroupIds;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.ast.Aggregate;
import dev.shadowtrace.lang.ast.Assign;
import dev.shadowtrace.lang.ast.AssignOp;
import dev.shadowtrace.lang.ast.Binary;
import dev.shadowtrace.lang.ast.BinaryOp;
import dev.shadowtrace.lang.ast.BuiltinRef;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Conditional;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.ExprStatement;
import dev.shadowtrace.lang.ast.ExprVisitor;
import dev.shadowtrace.lang.ast.If;
import dev.shadowtrace.lang.ast.IntLiteral;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.MapRef;
import dev.shadowtrace.lang.ast.Index;
import dev.shadowtrace.lang.ast.Member;
import dev.shadowtrace.lang.ast.Cast;
import dev.shadowtrace.lang.ast.ProbeArg;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.Statement;
import dev.shadowtrace.lang.ast.StatementVisitor;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.ast.Unary;
import dev.shadowtrace.lang.ast.Variable;
import dev.shadowtrace.lang.types.AggregationKind;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;
import dev.shadowtrace.runtime.aggregate.Fields;
import dev.shadowtrace.runtime.aggregate.Value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Runs BEGIN, END and timer clauses in the tracer: nothing is compiled for them
 * ({@link TracerClause}), so their statements are interpreted here, on the data the kernel
 * programs use ({@link TracerStorage}) and with the kernel programs' arithmetic (compiler/README.md,
 * "Expressions"): 64-bit two's complement, signed comparisons and division truncating toward zero,
 * {@code x / 0 = 0} and {@code x % 0 = x}, shift counts modulo 64, {@code >>} arithmetic.
 *
 * <p>Built-ins: {@code timestamp} and {@code cpu} from the {@link TracerEnvironment};
 * {@code probename} is the probe's name ({@code BEGIN}, {@code END}, {@code tick-1s}) and
 * {@code probefunc} is empty, as in DTrace. The checker rejects the others there. As in a kernel
 * probe, {@code exit()} records the status and the clause goes on to its end.
 */
final class TracerInterpreter {
    private final Map<String, MapDescriptor> maps = new HashMap<>();
    private final TracerStorage storage;
    private final MapActions actions;
    private final Printf printf;
    private final Printer printer;
    private final ExitStatus exits;
    private final TracerEnvironment environment;

    TracerInterpreter(CompiledScript script, TracerStorage storage, MapActions actions, Printf printf,
            Printer printer, ExitStatus exits, TracerEnvironment environment) {
        script.mapDescriptors().forEach(m -> maps.put(m.name(), m));
        this.storage = storage;
        this.actions = actions;
        this.printf = printf;
        this.printer = printer;
        this.exits = exits;
        this.environment = environment;
    }

    /**
     * Runs the clause for one firing of {@code probe}: the predicate, then the statements.
     *
     * @return the status of the last exit() the clause ran, if any
     */
    OptionalInt run(TracerClause clause, ProbeDescription probe) throws IOException {
        Execution execution = new Execution(probe);
        try {
            if (clause.clause().predicate().isEmpty() || execution.truth(clause.clause().predicate().get())) {
                execution.statements(clause.clause().body());
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return execution.exit;
    }

    /** One run of one clause, with its clause-locals; I/O errors cross the visitors unchecked. */
    private final class Execution implements ExprVisitor<Value>, StatementVisitor<Void> {
        private final ProbeDescription probe;
        private final Map<String, Value> locals = new HashMap<>();
        private OptionalInt exit = OptionalInt.empty();

        Execution(ProbeDescription probe) {
            this.probe = probe;
        }

        void statements(List<Statement> statements) {
            statements.forEach(s -> s.accept(this));
        }

        boolean truth(Expr e) {
            return integer(e) != 0;
        }

        long integer(Expr e) {
            return Fields.number(e.accept(this));
        }

        @Override
        public Void visitExprStatement(ExprStatement s) {
            if (s.expr() instanceof Call call && call.type() == ScalarType.VOID) {
                perform(() -> action(call));
            } else {
                s.expr().accept(this);
            }
            return null;
        }

        @Override
        public Void visitAssign(Assign s) {
            Value value = s.value().accept(this);
            if (s.op() != AssignOp.ASSIGN) {
                long current = Fields.number(s.target().accept(this));
                value = new Value.Int(arithmetic(s.op().binaryOp().orElseThrow(), current, Fields.number(value)));
            }
            Value stored = value;
            if (s.target() instanceof Variable v) {
                switch (v.scope()) {
                    case GLOBAL -> perform(() -> storage.setGlobal(v.name(), stored));
                    case CLAUSE, SCRATCH -> locals.put(v.scope().prefix() + v.name(), stored);
                    case THREAD -> throw new IllegalStateException("self-> in a tracer clause at " + v.pos());
                }
            } else {
                MapAccess m = (MapAccess) s.target();
                List<Value> keys = keys(m);
                perform(() -> storage.setElement(map(m.name()), keys, stored));
            }
            return null;
        }

        @Override
        public Void visitAggregate(Aggregate s) {
            AggregationKind kind = s.call().kind();
            long value = kind == AggregationKind.COUNT ? 0 : integer(s.call().args().get(0));
            List<Value> keys = keys(s.target());
            perform(() -> storage.aggregate(map(s.target().name()), keys, kind, value));
            return null;
        }

        @Override
        public Void visitIf(If s) {
            statements(truth(s.condition()) ? s.thenBody() : s.elseBody());
            return null;
        }

        @Override
        public Value visitIntLiteral(IntLiteral e) {
            return new Value.Int(e.value());
        }

        @Override
        public Value visitStringLiteral(StringLiteral e) {
            return new Value.Str(e.value());
        }

        @Override
        public Value visitProbeArg(ProbeArg e) {
            throw new IllegalStateException("args->" + e.name() + " in " + probe.text() + " at " + e.pos()
                    + ", which the checker rejects");
        }

        @Override
        public Value visitMember(Member e) {
            throw new IllegalStateException("member " + e.name() + " in " + probe.text() + " at " + e.pos()
                    + ", which TracerCheck rejects");
        }

        @Override
        public Value visitIndex(Index e) {
            throw new IllegalStateException("an element at " + e.pos() + " in " + probe.text()
                    + ", which TracerCheck rejects");
        }

        @Override
        public Value visitCast(Cast e) {
            return e.operand().accept(this);
        }

        @Override
        public Value visitBuiltinRef(BuiltinRef e) {
            return switch (e.variable()) {
                case TIMESTAMP -> new Value.Int(environment.timestamp());
                case CPU -> new Value.Int(environment.cpu());
                case PROBEFUNC -> new Value.Str("");
                case PROBENAME -> new Value.Str(probe.name());
                default -> throw new IllegalStateException(e.variable().canonicalName() + " in " + probe.text()
                        + " at " + e.pos() + ", which the checker rejects");
            };
        }

        @Override
        public Value visitVariable(Variable e) {
            return switch (e.scope()) {
                case GLOBAL -> read(() -> storage.global(e.name()));
                case CLAUSE, SCRATCH -> locals.getOrDefault(e.scope().prefix() + e.name(), zero(e.type()));
                case THREAD -> throw new IllegalStateException("self-> in a tracer clause at " + e.pos());
            };
        }

        @Override
        public Value visitMapAccess(MapAccess e) {
            List<Value> keys = keys(e);
            return read(() -> storage.element(map(e.name()), keys));
        }

        @Override
        public Value visitMapRef(MapRef e) {
            throw new IllegalStateException("a whole map used as a value at " + e.pos());
        }

        @Override
        public Value visitUnary(Unary e) {
            long v = integer(e.operand());
            return new Value.Int(switch (e.op()) {
                case NOT -> v == 0 ? 1 : 0;
                case BIT_NOT -> ~v;
                case NEG -> -v;
            });
        }

        @Override
        public Value visitBinary(Binary e) {
            switch (e.op()) {
                case AND:
                    return bool(truth(e.left()) && truth(e.right()));
                case OR:
                    return bool(truth(e.left()) || truth(e.right()));
                case EQ:
                case NE:
                    boolean equal = same(e.left().accept(this), e.right().accept(this));
                    return bool(equal == (e.op() == BinaryOp.EQ));
                default:
                    return new Value.Int(arithmetic(e.op(), integer(e.left()), integer(e.right())));
            }
        }

        @Override
        public Value visitConditional(Conditional e) {
            return truth(e.condition()) ? e.ifTrue().accept(this) : e.ifFalse().accept(this);
        }

        @Override
        public Value visitCall(Call e) {
            switch (e.function()) {
                case STRNCMP -> {
                    return new Value.Int(strncmp(e));
                }
                case STR -> {
                    if (e.args().get(0).accept(this) instanceof Value.Buf b) { // stringof(@buffer)
                        return new Value.Str(b.text());
                    }
                }
                case CGROUPID -> {
                    String path = ((StringLiteral) e.args().get(0)).value();
                    return read(() -> new Value.Int(CgroupIds.of(path)));
                }
                default -> { }
            }
            throw new IllegalStateException(e.name() + "() in " + probe.text() + " at " + e.pos()
                    + ", which the tracer cannot evaluate");
        }

        private void action(Call call) throws IOException {
            List<Expr> args = call.args();
            switch (call.function()) {
                case PRINTF -> {
                    List<Value> values = new ArrayList<>();
                    args.subList(1, args.size()).forEach(a -> values.add(a.accept(this)));
                    printer.printf(printf.format(((StringLiteral) args.get(0)).value(), values));
                }
                case PRINTA -> actions.print(mapName(args.get(args.size() - 1)), args.size() == 2
                        ? Optional.of(((StringLiteral) args.get(0)).value()) : Optional.empty());
                case PRINT -> actions.print(mapName(args.get(0)), Optional.empty(),
                        args.size() == 2 ? OptionalLong.of(integer(args.get(1))) : OptionalLong.empty());
                case DELETE -> {
                    MapAccess element = (MapAccess) args.get(0);
                    List<Value> keys = keys(element);
                    storage.deleteElement(map(element.name()), keys);
                }
                case CLEAR -> actions.clear(mapName(args.get(0)));
                case TRUNC -> actions.trunc(mapName(args.get(0)),
                        args.size() == 2 ? OptionalLong.of(integer(args.get(1))) : OptionalLong.empty());
                case TRACE -> printer.trace(args.get(0).accept(this));
                case EXIT -> {
                    int status = args.isEmpty() ? 0 : (int) integer(args.get(0));
                    exits.record(status);
                    printer.exit(status);
                    exit = OptionalInt.of(status);
                }
                default -> visitCall(call);
            }
        }

        /** strncmp(a, b, n) as the kernel programs compute it: 0 if the first n bytes are equal, else 1. */
        private long strncmp(Call e) {
            byte[] a = ((Value.Str) e.args().get(0).accept(this)).value().getBytes(StandardCharsets.UTF_8);
            byte[] b = ((Value.Str) e.args().get(1).accept(this)).value().getBytes(StandardCharsets.UTF_8);
            long n = integer(e.args().get(2));
            for (int i = 0; i < n && (i < a.length || i < b.length); i++) {
                if ((i < a.length ? a[i] : 0) != (i < b.length ? b[i] : 0)) {
                    return 1;
                }
            }
            return 0;
        }

        private List<Value> keys(MapAccess access) {
            List<Value> keys = new ArrayList<>();
            access.keys().forEach(k -> keys.add(k.accept(this)));
            return keys;
        }
    }

    private MapDescriptor map(String name) {
        MapDescriptor map = maps.get(name);
        if (map == null) {
            throw new IllegalStateException("the script has no map " + name);
        }
        return map;
    }

    private static String mapName(Expr e) {
        return ((MapRef) e).name();
    }

    /** The kernel programs' integer arithmetic (IntExprs). */
    static long arithmetic(BinaryOp op, long a, long b) {
        return switch (op) {
            case MUL -> a * b;
            case DIV -> b == 0 ? 0 : a / b;
            case MOD -> b == 0 ? a : a % b;
            case ADD -> a + b;
            case SUB -> a - b;
            case SHL -> a << (b & 63);
            case SHR -> a >> (b & 63);
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case BIT_AND -> a & b;
            case BIT_XOR -> a ^ b;
            case BIT_OR -> a | b;
            case AND -> a != 0 && b != 0 ? 1 : 0;
            case OR -> a != 0 || b != 0 ? 1 : 0;
        };
    }

    private static boolean same(Value a, Value b) {
        if (a instanceof Value.Str s && b instanceof Value.Str t) {
            return s.value().equals(t.value());
        }
        if (a instanceof Value.Buf s && b instanceof Value.Buf t) {
            return s.equals(t);
        }
        return Fields.number(a) == Fields.number(b);
    }

    private static Value bool(boolean b) {
        return new Value.Int(b ? 1 : 0);
    }

    /** What a clause-local holds before its first assignment: the kernel zeroes them. */
    private static Value zero(Type type) {
        if (type == ScalarType.STRING) {
            return new Value.Str("");
        }
        if (type == ScalarType.BUFFER) {
            return new Value.Buf(new byte[0]);
        }
        return type == ScalarType.STACK ? new Value.Stack(0) : Value.ZERO;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private interface IoValue {
        Value get() throws IOException;
    }

    private static void perform(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Value read(IoValue value) {
        try {
            return value.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
