package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.ast.Availability;
import dev.shadowtrace.lang.ast.BuiltinFunction;
import dev.shadowtrace.lang.ast.Call;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.ast.MapAccess;
import dev.shadowtrace.lang.ast.MapRef;
import dev.shadowtrace.lang.ast.StringLiteral;
import dev.shadowtrace.lang.diag.Diagnostics;
import dev.shadowtrace.lang.types.AggregationType;
import dev.shadowtrace.lang.types.MapType;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks calls of built-in functions: argument counts and types, formats, map arguments. */
final class CallChecker {

    private final ExprChecker exprs;
    private final Diagnostics diagnostics;
    private final ProbeContext probes;
    private final MapChecker maps;

    CallChecker(ExprChecker exprs, Diagnostics diagnostics, ProbeContext probes, MapChecker maps) {
        this.exprs = exprs;
        this.diagnostics = diagnostics;
        this.probes = probes;
        this.maps = maps;
    }

    Call check(Call call) {
        BuiltinFunction function = call.function();
        List<Expr> args = call.args();
        List<Expr> typed;
        if (!Arity.check(call.name(), function.minArgs(), function.maxArgs(), args.size(), call.pos(), diagnostics)) {
            typed = args.stream().map(exprs::check).toList();
        } else {
            typed = switch (function) {
                case PRINTF -> printf(call);
                case PRINTA -> printa(call);
                case CLEAR -> List.of(map(call, args.get(0), false));
                case PRINT -> print(call);
                case TRUNC -> trunc(call);
                case DELETE -> List.of(delete(call, (MapAccess) args.get(0)));
                case STRNCMP -> strncmp(call);
                case KSYM, USYM -> {
                    probes.require(Availability.TRACED_PROCESS, call.name() + "()", call.pos());
                    yield List.of(integer(call, args.get(0)));
                }
                case KADDR -> {
                    probes.require(Availability.TRACED_PROCESS, "kaddr()", call.pos());
                    yield List.of(literal(call, args.get(0), "a kernel symbol's name, such as kaddr(\"jiffies\")"));
                }
                case CGROUPID -> List.of(literal(call, args.get(0),
                        "a cgroup v2 directory, such as cgroupid(\"/sys/fs/cgroup/system.slice\")"));
                case TRACE -> List.of(exprs.value(args.get(0)));
                case SIZEOF -> {
                    probes.require(Availability.TRACED_PROCESS, "sizeof()", call.pos());
                    yield List.of(exprs.value(args.get(0)));
                }
                case TYPE_SIZE, OFFSETOF -> {
                    probes.require(Availability.TRACED_PROCESS, call.name() + "()", call.pos());
                    yield args.stream().<Expr>map(a -> exprs.formatLiteral((StringLiteral) a)).toList();
                }
                case STACK -> {
                    probes.require(Availability.TRACED_PROCESS, call.name() + "()", call.pos());
                    yield args.stream().map(exprs::check).toList();  // the shape's literals (StackShape)
                }
                case COPYINSTR -> {
                    probes.require(Availability.TRACED_PROCESS, "copyinstr()", call.pos());
                    yield List.of(integer(call, args.get(0)));
                }
                case BUF, COPYIN -> buffer(call);
                case TRACEMEM -> tracemem(call);
                case STR -> List.of(addressOrBuffer(call, args.get(0)));
                case EXIT -> args.stream().map(arg -> integer(call, arg)).toList();
            };
        }
        return new Call(function, call.name(), typed, call.pos(), resultType(function));
    }

    private static Type resultType(BuiltinFunction function) {
        return switch (function) {
            case STACK -> ScalarType.STACK;
            case STR, COPYINSTR, KSYM, USYM -> ScalarType.STRING;
            case BUF, COPYIN -> ScalarType.BUFFER;
            case STRNCMP, KADDR, CGROUPID, SIZEOF, TYPE_SIZE, OFFSETOF -> ScalarType.INT;
            default -> ScalarType.VOID;
        };
    }

    /** printf("fmt", args...): the conversions must match the arguments in number and type. */
    private List<Expr> printf(Call call) {
        List<Expr> typed = new ArrayList<>();
        Optional<StringLiteral> format = format(call, call.args().get(0), typed);
        List<Expr> values = call.args().subList(1, call.args().size()).stream().map(exprs::value).toList();
        typed.addAll(values);
        format.flatMap(this::conversions).ifPresent(conversions -> {
            Optional<FormatString.Conversion> aggregation =
                    conversions.stream().filter(FormatString.Conversion::aggregationValue).findFirst();
            if (aggregation.isPresent()) {
                diagnostics.error(format.get().pos(), "'" + aggregation.get().text()
                        + "' is only valid in printa() formats");
                return;
            }
            if (conversions.size() != values.size()) {
                diagnostics.error(format.get().pos(), "the format has " + count(conversions.size(), "conversion")
                        + ", but " + count(values.size(), "argument") + " follow" + (values.size() == 1 ? "s" : "")
                        + " it");
                return;
            }
            for (int i = 0; i < values.size(); i++) {
                FormatString.Conversion conversion = conversions.get(i);
                Type type = values.get(i).type();
                if (type.isStorable() && !conversion.accepts(type)) {
                    diagnostics.error(values.get(i).pos(), "'" + conversion.text() + "' expects "
                            + conversion.expects() + ", but this argument has type " + type);
                }
            }
        });
        return typed;
    }

    /**
     * printa(@agg) or printa("fmt", @agg): conversions without '@' print the keys in order, those
     * with '@' (such as %@d) print the aggregated value.
     */
    private List<Expr> printa(Call call) {
        List<Expr> typed = new ArrayList<>();
        List<Expr> args = call.args();
        Optional<StringLiteral> format = args.size() == 2 ? format(call, args.get(0), typed) : Optional.empty();
        Expr map = map(call, args.get(args.size() - 1), true);
        typed.add(map);
        if (format.isPresent() && map.type() instanceof MapType type && type.isAggregation()) {
            conversions(format.get()).ifPresent(conversions ->
                    checkPrintaFormat(format.get(), conversions, ((MapRef) map).name(), type));
        }
        return typed;
    }

    private void checkPrintaFormat(StringLiteral format, List<FormatString.Conversion> conversions, String name,
                                   MapType type) {
        List<FormatString.Conversion> keyConversions =
                conversions.stream().filter(c -> !c.aggregationValue()).toList();
        if (keyConversions.size() > type.keys().size()) {
            diagnostics.error(format.pos(), "the format has " + count(keyConversions.size(), "key conversion")
                    + ", but " + name + " has " + count(type.keys().size(), "key"));
            return;
        }
        for (int i = 0; i < keyConversions.size(); i++) {
            if (!keyConversions.get(i).accepts(type.keys().get(i))) {
                diagnostics.error(format.pos(), "'" + keyConversions.get(i).text() + "' expects "
                        + keyConversions.get(i).expects() + ", but key " + (i + 1) + " of " + name + " has type "
                        + type.keys().get(i));
            }
        }
        conversions.stream().filter(c -> c.aggregationValue() && !c.accepts(ScalarType.INT)).findFirst()
                .ifPresent(c -> diagnostics.error(format.pos(), "'" + c.text() + "' cannot print the value of "
                        + name + "; use an integer conversion such as %@d"));
    }

    /** print(@map) or print(@map, n): n a non-negative integer constant, the entries with the n largest values. */
    private List<Expr> print(Call call) {
        List<Expr> typed = new ArrayList<>();
        typed.add(map(call, call.args().get(0), false));
        if (call.args().size() == 2) {
            typed.add(count(call, call.args().get(1)));
        }
        return typed;
    }

    /**
     * delete(@m[keys]): the map must exist with these keys; an element of a histogram (quantize,
     * lquantize, hdr) is one entry per bucket in the kernel, which one delete cannot remove.
     */
    private Expr delete(Call call, MapAccess element) {
        List<Expr> keys = exprs.keys(element);
        Type type = maps.element(element, keys);
        if (type instanceof AggregationType aggregation && aggregation.kind().isHistogram()) {
            diagnostics.error(element.pos(), call.name() + "() cannot remove one element of " + element.name()
                    + ", a " + aggregation.kind().canonicalName() + "() histogram",
                    "reset its values with clear(" + element.name() + ")");
        }
        return new MapAccess(element.name(), keys, element.pos(), type);
    }

    /**
     * buf(ptr, n), buf(array) and copyin(addr, n): an address and a length, both integers (a length
     * that is not a constant is bounded when the probe runs); a constant length must lie in 0 to
     * {@link ScalarType#BUFFER_SIZE}.
     */
    private List<Expr> buffer(Call call) {
        probes.require(Availability.TRACED_PROCESS, call.name() + "()", call.pos());
        List<Expr> typed = new ArrayList<>();
        typed.add(integer(call, call.args().get(0)));
        if (call.args().size() == 2) {
            Expr length = integer(call, call.args().get(1));
            ConstantFolder.evaluate(length).filter(n -> n < 0 || n > ScalarType.BUFFER_SIZE).ifPresent(n ->
                    diagnostics.error(length.pos(), call.name() + "() copies 0 to " + ScalarType.BUFFER_SIZE
                            + " bytes, not " + n, "copy the part you need, e.g. " + call.name() + "(p, "
                            + ScalarType.BUFFER_SIZE + ")"));
            typed.add(length);
        }
        return typed;
    }

    /**
     * tracemem(addr, n[, size]) (DTrace): an address (or a buffer value), n a constant from 1 to
     * {@link ScalarType#BUFFER_SIZE}, size an integer.
     */
    private List<Expr> tracemem(Call call) {
        probes.require(Availability.TRACED_PROCESS, "tracemem()", call.pos());
        List<Expr> typed = new ArrayList<>();
        typed.add(addressOrBuffer(call, call.args().get(0)));
        Expr length = integer(call, call.args().get(1));
        Optional<Long> n = ConstantFolder.evaluate(length);
        if (length.type() == ScalarType.INT && n.isEmpty()) {
            diagnostics.error(length.pos(), "tracemem()'s byte count must be an integer constant, as in DTrace",
                    "give the largest count as the second argument and the actual one as the third:"
                            + " tracemem(p, 64, n)");
        }
        n.filter(v -> v < 1 || v > ScalarType.BUFFER_SIZE).ifPresent(v -> diagnostics.error(length.pos(),
                "tracemem() dumps 1 to " + ScalarType.BUFFER_SIZE + " bytes, not " + v,
                "dump the part you need, e.g. tracemem(p, " + ScalarType.BUFFER_SIZE + ")"));
        typed.add(length);
        if (call.args().size() == 3) {
            typed.add(integer(call, call.args().get(2)));
        }
        return typed;
    }

    /** str()/stringof()'s argument: an address, or a buffer value whose bytes up to the first NUL it takes. */
    private Expr addressOrBuffer(Call call, Expr arg) {
        Expr typed = exprs.value(arg);
        if (typed.type().isStorable() && typed.type() != ScalarType.INT && typed.type() != ScalarType.BUFFER) {
            diagnostics.error(typed.pos(), call.name() + "() needs an address or a buffer, but this has type "
                    + typed.type());
        }
        return typed;
    }

    /** strncmp(s1, s2, n): two strings and a non-negative integer constant. */
    private List<Expr> strncmp(Call call) {
        List<Expr> typed = new ArrayList<>();
        for (Expr arg : call.args().subList(0, 2)) {
            Expr value = exprs.value(arg);
            if (value.type().isStorable() && value.type() != ScalarType.STRING) {
                diagnostics.error(value.pos(), call.name() + "() compares strings, but this argument has type "
                        + value.type());
            }
            typed.add(value);
        }
        typed.add(count(call, call.args().get(2)));
        return typed;
    }

    /** A string literal argument (kaddr's symbol, cgroupid's path), resolved when the script is compiled. */
    private Expr literal(Call call, Expr arg, String expected) {
        Expr typed = exprs.value(arg);
        if (!(typed instanceof StringLiteral) && typed.type().isStorable()) {
            diagnostics.error(typed.pos(), call.name() + "() needs a string literal: " + expected,
                    "it is resolved once, when the script is compiled");
        }
        return typed;
    }

    /** A non-negative integer constant (a count or a length). */
    private Expr count(Call call, Expr arg) {
        Expr count = exprs.value(arg);
        Optional<Long> value = ConstantFolder.evaluate(count);
        if (count.type().isStorable() && (value.isEmpty() || value.get() < 0)) {
            diagnostics.error(count.pos(), call.name() + "() needs a non-negative integer constant as its "
                    + (call.function() == BuiltinFunction.STRNCMP ? "length" : "count"));
        }
        return count;
    }

    /** trunc(@agg) or trunc(@agg, n) with n a non-negative integer constant. */
    private List<Expr> trunc(Call call) {
        List<Expr> typed = new ArrayList<>();
        typed.add(map(call, call.args().get(0), true));
        if (call.args().size() == 2) {
            typed.add(count(call, call.args().get(1)));
        }
        return typed;
    }

    /** A map argument: a whole map {@code @name}; for printa() and trunc() an aggregation. */
    private Expr map(Call call, Expr arg, boolean aggregationOnly) {
        if (arg instanceof MapRef ref) {
            Expr typed = exprs.check(ref);
            if (aggregationOnly && typed.type() instanceof MapType type && !type.isAggregation()) {
                diagnostics.error(ref.pos(), call.name() + "() needs an aggregation, but " + ref.name()
                        + " is a plain map", "print a plain map with print(" + ref.name() + ")");
            }
            return typed;
        }
        if (arg instanceof MapAccess access) {
            diagnostics.error(arg.pos(), call.name() + "() takes a whole map such as " + access.name()
                    + ", not an element " + access.name() + "[...]");
        } else {
            diagnostics.error(arg.pos(), call.name() + "() takes a map such as @name");
        }
        return arg;
    }

    /** A format argument, which must be a string literal; adds the typed argument to {@code typed}. */
    private Optional<StringLiteral> format(Call call, Expr arg, List<Expr> typed) {
        if (arg instanceof StringLiteral literal) {
            StringLiteral format = exprs.formatLiteral(literal);
            typed.add(format);
            return Optional.of(format);
        }
        diagnostics.error(arg.pos(), "the format of " + call.name() + "() must be a string literal");
        typed.add(exprs.check(arg));
        return Optional.empty();
    }

    private Optional<List<FormatString.Conversion>> conversions(StringLiteral format) {
        try {
            return Optional.of(FormatString.parse(format.value()));
        } catch (FormatString.InvalidFormat e) {
            diagnostics.error(format.pos(), e.getMessage());
            return Optional.empty();
        }
    }

    /** An argument that must be an integer (exit status, str() address). */
    private Expr integer(Call call, Expr arg) {
        Expr typed = exprs.value(arg);
        if (typed.type().isStorable() && typed.type() != ScalarType.INT) {
            diagnostics.error(typed.pos(), call.name() + "() needs an integer argument, but this has type "
                    + typed.type());
        }
        return typed;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
