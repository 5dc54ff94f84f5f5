package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.bpf.DTraceDistribution;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.runtime.aggregate.Distribution;
import dev.shadowtrace.runtime.aggregate.Drops;
import dev.shadowtrace.runtime.aggregate.HdrValue;
import dev.shadowtrace.runtime.aggregate.MapRow;
import dev.shadowtrace.runtime.aggregate.MapValue;
import dev.shadowtrace.runtime.aggregate.Value;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * DTrace's text output (libdtrace {@code dt_print_aggs}, {@code dt_print_datum},
 * {@code dt_print_stack}), as {@code dtrace -q} prints it, since shadowtrace prints no probe
 * headers. A printa() or print() without a format prints an empty line, then one line per key:
 * integer keys as {@code " %16d"}, strings and names as {@code "  %-50s"}, a stack key as a newline
 * and its frames indented by 14, then the value as {@code " %16d"}, or a histogram. When tracing
 * ends, one empty line and then every map nothing printed, each sorted, without separators.
 * {@code trace()} prints its value on a line of its own (a stack as DTrace's {@code stack()} does).
 * With {@code --folded}, a map whose keys include a stack and whose values are numbers prints as
 * folded stacks instead ({@link FoldedStacks}).
 */
final class TextPrinter implements Printer {
    private static final int STACK_INDENT = 14;

    private final PrintWriter out;
    private final Printf printf;
    private final FoldedStacks folded;

    /** @param folded {@code --folded}: stack aggregations as folded stacks ({@link FoldedStacks}) */
    TextPrinter(PrintWriter out, Printf printf, boolean folded) {
        this.out = out;
        this.printf = printf;
        this.folded = folded ? new FoldedStacks(printf) : null;
    }

    @Override
    public void printf(String text) {
        out.print(text);
    }

    @Override
    public void printa(MapDescriptor map, List<MapRow> rows) throws IOException {
        out.print("\n");
        rows(rows);
    }

    @Override
    public void printa(MapDescriptor map, List<MapRow> rows, String format) throws IOException {
        for (MapRow row : rows) {
            out.print(printf.row(format, row));
        }
    }

    @Override
    public void remaining(List<MapDescriptor> maps, List<List<MapRow>> rows) throws IOException {
        out.print("\n");
        for (List<MapRow> map : rows) {
            rows(map);
        }
    }

    @Override
    public void interval(int number, double seconds) {
        out.print(String.format(Locale.ROOT, "\n--- interval %d, %.3f s ---\n", number, seconds));
    }

    @Override
    public void drops(Drops drops) {
        // Text output leaves them to the tracer's warnings on stderr.
    }

    @Override
    public void trace(Value value) throws IOException {
        out.print(value instanceof Value.Stack s ? printf.stack(s, STACK_INDENT) : printf.text(value) + "\n");
    }

    @Override
    public void exit(int status) {
        // The status is the tracer's exit status; nothing is printed.
    }

    @Override
    public void flush() {
        out.flush();
    }

    private void rows(List<MapRow> rows) throws IOException {
        if (folded != null && !rows.isEmpty() && rows.stream().allMatch(FoldedStacks::foldable)) {
            out.print(folded.fold(rows));
            return;
        }
        for (MapRow row : rows) {
            StringBuilder line = new StringBuilder();
            for (Value key : row.keys()) {
                line.append(datum(key));
            }
            MapValue value = row.value();
            if (value instanceof Distribution d) {
                line.append(DTraceDistribution.format(d.layout(), d.counts()));
            } else if (value instanceof HdrValue h) {
                line.append(h.table());
            } else if (value instanceof MapValue.Number n) {
                line.append(String.format(" %16d", n.value()));
            } else if (value instanceof MapValue.Stats s) {
                line.append("  ").append(s.text());
            } else {
                line.append(datum(((MapValue.Plain) value).value()));
            }
            out.print(line.append('\n'));
        }
    }

    private String datum(Value v) throws IOException {
        if (v instanceof Value.Int i) {
            return String.format(" %16d", i.value());
        }
        if (v instanceof Value.Stack s) {
            return printf.stack(s, STACK_INDENT);
        }
        return String.format("  %-50s", printf.text(v));
    }
}
