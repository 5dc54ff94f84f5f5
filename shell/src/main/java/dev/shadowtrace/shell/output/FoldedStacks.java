package dev.shadowtrace.shell.output;

import dev.shadowtrace.runtime.aggregate.MapRow;
import dev.shadowtrace.runtime.aggregate.MapValue;
import dev.shadowtrace.runtime.aggregate.Value;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --folded}: the rows of a stack aggregation as folded stacks, the input of flame graph
 * tools ({@code flamegraph.pl}, speedscope): one line {@code frame;frame;frame count} per distinct
 * stack. The keys go in order, each stack outermost frame first; frames are function names without
 * their {@code +0xoffset} (so the calls of one function from different instructions merge, their
 * counts summed; {@code kstack(perf)}'s frames without their address); in other keys, {@code ;} and blanks become {@code _}. Lines keep the order of
 * their first row.
 */
final class FoldedStacks {
    private final Printf printf;

    FoldedStacks(Printf printf) {
        this.printf = printf;
    }

    /** Whether {@code row} can be folded: a stack among its keys and a number as its value. */
    static boolean foldable(MapRow row) {
        return row.value() instanceof MapValue.Number && row.keys().stream().anyMatch(k -> k instanceof Value.Stack);
    }

    /** The folded lines of {@code rows}, all {@link #foldable}, each ending in a newline. */
    String fold(List<MapRow> rows) throws IOException {
        Map<String, Long> lines = new LinkedHashMap<>();
        for (MapRow row : rows) {
            List<String> frames = new ArrayList<>();
            for (Value key : row.keys()) {
                if (key instanceof Value.Stack stack) {
                    List<String> innermostFirst = List.of(printf.text(stack).split("\n"));
                    for (int i = innermostFirst.size() - 1; i >= 0; i--) {
                        frames.add(innermostFirst.get(i).replaceFirst("^\\t[0-9a-f]+ ", "")
                                .replaceFirst("\\+0x[0-9a-f]+$", ""));
                    }
                } else {
                    frames.add(printf.text(key).replaceAll("[;\\s]", "_"));
                }
            }
            lines.merge(String.join(";", frames), ((MapValue.Number) row.value()).value(), Long::sum);
        }
        StringBuilder out = new StringBuilder();
        lines.forEach((stack, count) -> out.append(stack).append(' ').append(count).append('\n'));
        return out.toString();
    }
}
