package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.ast.AggregationCall;
import dev.shadowtrace.lang.ast.Expr;
import dev.shadowtrace.lang.diag.Diagnostics;
import dev.shadowtrace.lang.types.AggregationKind;
import dev.shadowtrace.lang.types.AggregationType;
import dev.shadowtrace.lang.types.LinearRange;
import dev.shadowtrace.lang.types.LogLinearRange;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.List;
import java.util.Optional;

/** Checks the right side of {@code @name[keys] = f(...)} and gives it its {@link AggregationType}. */
final class AggregationChecker {

    private final ExprChecker exprs;
    private final Diagnostics diagnostics;

    AggregationChecker(ExprChecker exprs, Diagnostics diagnostics) {
        this.exprs = exprs;
        this.diagnostics = diagnostics;
    }

    AggregationCall check(AggregationCall call) {
        AggregationKind kind = call.kind();
        List<Expr> args = call.args().stream().map(exprs::value).toList();
        if (!Arity.check(call.name(), kind.minArgs(), kind.maxArgs(), args.size(), call.pos(), diagnostics)) {
            return new AggregationCall(kind, call.name(), args, call.pos(), ScalarType.UNRESOLVED);
        }
        if (kind != AggregationKind.COUNT) {
            Type argType = args.get(0).type();
            if (argType.isStorable() && argType != ScalarType.INT) {
                diagnostics.error(args.get(0).pos(), call.name() + "() aggregates integers, but this argument has type "
                        + argType);
            }
        }
        Type type = switch (kind) {
            case LQUANTIZE -> linearRange(call, args).<Type>map(AggregationType::lquantize).orElse(ScalarType.UNRESOLVED);
            case HDR -> digits(call, args).<Type>map(AggregationType::hdr).orElse(ScalarType.UNRESOLVED);
            case LLQUANTIZE -> logLinearRange(call, args).<Type>map(AggregationType::llquantize)
                    .orElse(ScalarType.UNRESOLVED);
            default -> AggregationType.of(kind);
        };
        return new AggregationCall(kind, call.name(), args, call.pos(), type);
    }

    /** The buckets of lquantize(x, low, high[, step]): constants with step > 0 and low < high. */
    private Optional<LinearRange> linearRange(AggregationCall call, List<Expr> args) {
        Optional<Long> low = constant(call, args.get(1), "lower bound");
        Optional<Long> high = constant(call, args.get(2), "upper bound");
        Optional<Long> step = args.size() == 4 ? constant(call, args.get(3), "step") : Optional.of(1L);
        if (low.isEmpty() || high.isEmpty() || step.isEmpty()) {
            return Optional.empty();
        }
        if (step.get() <= 0) {
            diagnostics.error(args.get(3).pos(), "the step of " + call.name() + "() must be positive");
            return Optional.empty();
        }
        if (high.get() <= low.get()) {
            diagnostics.error(args.get(2).pos(), "the upper bound of " + call.name()
                    + "() must be greater than its lower bound " + low.get());
            return Optional.empty();
        }
        long width;
        try {
            width = Math.subtractExact(high.get(), low.get());
        } catch (ArithmeticException e) {
            width = Long.MAX_VALUE;
        }
        if ((width - 1) / step.get() + 1 > LinearRange.MAX_BUCKETS) {
            diagnostics.error(call.pos(), call.name() + "() would have more than " + LinearRange.MAX_BUCKETS
                    + " buckets; use a larger step or a smaller range");
            return Optional.empty();
        }
        return Optional.of(new LinearRange(low.get(), high.get(), step.get()));
    }

    /** The buckets of llquantize(x, factor, low, high, steps): constants that LogLinearRange accepts. */
    private Optional<LogLinearRange> logLinearRange(AggregationCall call, List<Expr> args) {
        Optional<Long> factor = constant(call, args.get(1), "factor");
        Optional<Long> low = constant(call, args.get(2), "low magnitude");
        Optional<Long> high = constant(call, args.get(3), "high magnitude");
        Optional<Long> steps = constant(call, args.get(4), "steps per magnitude");
        if (factor.isEmpty() || low.isEmpty() || high.isEmpty() || steps.isEmpty()) {
            return Optional.empty();
        }
        String problem = LogLinearRange.problem(factor.get(), low.get(), high.get(), steps.get());
        if (problem != null) {
            diagnostics.error(call.pos(), call.name() + "(): " + problem,
                    "DTrace's usual one is llquantize(x, 10, 0, 6, 20)");
            return Optional.empty();
        }
        return Optional.of(new LogLinearRange(factor.get().intValue(), low.get().intValue(), high.get().intValue(),
                steps.get().intValue()));
    }

    /** The significant digits of hdr(x[, digits]): a constant from 1 to 3, 2 if left out. */
    private Optional<Integer> digits(AggregationCall call, List<Expr> args) {
        if (args.size() == 1) {
            return Optional.of(AggregationType.DEFAULT_DIGITS);
        }
        Optional<Long> digits = constant(call, args.get(1), "significant digits");
        if (digits.isPresent()
                && (digits.get() < AggregationType.MIN_DIGITS || digits.get() > AggregationType.MAX_DIGITS)) {
            diagnostics.error(args.get(1).pos(), "the significant digits of " + call.name() + "() must be "
                    + AggregationType.MIN_DIGITS + " to " + AggregationType.MAX_DIGITS + ", not " + digits.get());
            return Optional.empty();
        }
        return digits.map(Long::intValue);
    }

    private Optional<Long> constant(AggregationCall call, Expr arg, String what) {
        Optional<Long> value = ConstantFolder.evaluate(arg);
        if (value.isEmpty() && arg.type().isStorable()) {
            diagnostics.error(arg.pos(), "the " + what + " of " + call.name() + "() must be an integer constant");
        }
        return value;
    }
}
