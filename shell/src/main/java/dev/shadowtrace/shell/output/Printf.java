package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.bpf.DTraceDistribution;
import dev.shadowtrace.runtime.aggregate.Distribution;
import dev.shadowtrace.runtime.aggregate.Fields;
import dev.shadowtrace.runtime.aggregate.HdrValue;
import dev.shadowtrace.runtime.aggregate.MapRow;
import dev.shadowtrace.runtime.aggregate.MapValue;
import dev.shadowtrace.runtime.aggregate.Value;

import java.io.IOException;
import java.util.List;

/**
 * Formats printf() arguments and printa() rows with DTrace's printf semantics ({@link Conversion}).
 * Names replace the numbers the kernel recorded: {@code probefunc} prints as its function's name,
 * {@code probename} as the probe's name, and a stack ({@code %k}, or {@code %s} of a stack) as a
 * newline and then one frame per line, as DTrace's {@code %k} does: with {@code %-Nk} each frame is
 * indented by N, with {@code %Nk} right-aligned in N columns.
 */
final class Printf {
    private final KernelNames names;
    private final Stacks stacks;

    Printf(KernelNames names, Stacks stacks) {
        this.names = names;
        this.stacks = stacks;
    }

    /** printf(format, args...): each conversion takes the next argument. */
    String format(String format, List<Value> args) throws IOException {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (Object piece : PrintfFormat.parse(format).pieces()) {
            if (piece instanceof Conversion c) {
                if (next == args.size()) {
                    throw new IllegalArgumentException("the format \"" + format + "\" has more conversions than the "
                            + args.size() + " arguments recorded");
                }
                out.append(convert(c, args.get(next++)));
            } else {
                out.append(piece);
            }
        }
        return out.toString();
    }

    /**
     * One row of printa(format, @m): conversions without {@code @} take the keys in order (keys
     * left over are not printed), those with {@code @} print the value; a distribution prints as
     * DTrace's histogram, an hdr() aggregate as its summary table, whatever the conversion.
     */
    String row(String format, MapRow row) throws IOException {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (Object piece : PrintfFormat.parse(format).pieces()) {
            if (!(piece instanceof Conversion c)) {
                out.append(piece);
            } else if (c.aggregation()) {
                out.append(value(c, row.value()));
            } else if (next < row.keys().size()) {
                out.append(convert(c, row.keys().get(next++)));
            } else {
                throw new IllegalArgumentException("the printa() format \"" + format + "\" has more key conversions"
                        + " than the map's " + row.keys().size() + " keys");
            }
        }
        return out.toString();
    }

    /** A value as plain text: numbers in decimal, names for probefunc and probename, stacks as frames. */
    String text(Value v) throws IOException {
        if (v instanceof Value.Stack s) {
            return String.join("\n", stacks.frames(s.id()));
        }
        if (v instanceof Value.Int i) {
            return Long.toString(i.value());
        }
        return names.text(v);
    }

    /** DTrace's stack layout: a newline, then each frame indented by {@code indent} on a line of its own. */
    String stack(Value.Stack stack, int indent) throws IOException {
        StringBuilder out = new StringBuilder("\n");
        String padding = Stacks.indented(stack.id()) ? " ".repeat(indent) : "";
        for (String frame : stacks.frames(stack.id())) {
            out.append(padding).append(frame).append('\n');
        }
        return out.toString();
    }

    private String convert(Conversion c, Value v) throws IOException {
        if (v instanceof Value.Stack stack && !c.isInteger()) {
            StringBuilder out = new StringBuilder("\n");
            if (!Stacks.indented(stack.id())) {
                stacks.frames(stack.id()).forEach(frame -> out.append(frame).append('\n'));
                return out.toString();
            }
            for (String frame : stacks.frames(stack.id())) {
                out.append(c.left() ? " ".repeat(c.width()) + frame : c.pad(frame, false)).append('\n');
            }
            return out.toString();
        }
        if (c.isInteger()) {
            return c.integer(Fields.number(v));
        }
        if (v instanceof Value.Buf b && c.letter() == 's') {
            return c.string(b.text()); // a buffer's bytes up to its first NUL, as DTrace's %s of copyin() data
        }
        if (v instanceof Value.Buf b && c.text().endsWith("rx")) {
            return c.string(b.hex()); // bpftrace's %rx
        }
        if (v instanceof Value.Buf b && c.text().endsWith("rh")) {
            return c.string(b.hexSpaced()); // bpftrace's %rh
        }
        return c.string(text(v));
    }

    private String value(Conversion c, MapValue value) throws IOException {
        if (value instanceof Distribution d) {
            return DTraceDistribution.format(d.layout(), d.counts());
        }
        if (value instanceof HdrValue h) {
            return h.table();
        }
        if (value instanceof MapValue.Stats s) {
            return s.text();
        }
        if (value instanceof MapValue.Number n) {
            return c.isInteger() ? c.integer(n.value()) : c.string(Long.toString(n.value()));
        }
        return convert(c, ((MapValue.Plain) value).value());
    }
}
