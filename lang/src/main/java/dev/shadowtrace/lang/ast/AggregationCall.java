package dev.shadowtrace.lang.ast;

import dev.shadowtrace.lang.diag.SourcePos;
import dev.shadowtrace.lang.types.AggregationKind;
import dev.shadowtrace.lang.types.ScalarType;
import dev.shadowtrace.lang.types.Type;

import java.util.List;
import java.util.Objects;

/**
 * The right side of an {@link Aggregate}: {@code count()}, {@code quantize(x)},
 * {@code lquantize(x, 0, 100, 10)}, ... Not an {@link Expr}: aggregating functions produce no value.
 *
 * @param kind the aggregating function
 * @param name the name as written, which may be an alias ({@code hist}, {@code lhist})
 * @param args the arguments; for lquantize the bounds are integer constants, also found in the type
 * @param pos  where the function name starts
 * @param type {@code UNRESOLVED} before checking, then an {@link dev.shadowtrace.lang.types.AggregationType}
 */
public record AggregationCall(AggregationKind kind, String name, List<Expr> args, SourcePos pos, Type type)
        implements Node {

    public AggregationCall {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(type, "type");
    }

    /** An unchecked node (type {@code UNRESOLVED}). */
    public AggregationCall(AggregationKind kind, String name, List<Expr> args, SourcePos pos) {
        this(kind, name, args, pos, ScalarType.UNRESOLVED);
    }
}
