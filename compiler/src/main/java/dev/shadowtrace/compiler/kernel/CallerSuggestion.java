package dev.shadowtrace.compiler.kernel;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where to probe instead of a function that cannot be traced at entry or return: its nearest
 * traceable callers. Breadth first over {@link KernelInfo#callersOf}, up to {@link #MAX_DEPTH}
 * calls up, stopping at the first level that has callers with an ftrace site (in {@link
 * KernelInfo#traceableFunctions()}; the kprobe blacklist is not known here, so a suggestion may
 * still be refused when attaching).
 */
final class CallerSuggestion {
    /** Callers of callers of callers, no further: beyond that the caller does other work. */
    static final int MAX_DEPTH = 3;
    /** A suggestion names at most this many functions. */
    static final int MAX_SHOWN = 3;
    /**
     * Each look-up may scan the whole kernel text (the module's CALLERS request): a level that
     * would take the total beyond this many is not looked at.
     */
    static final int MAX_LOOKUPS = 64;

    /** The traceable callers nearest to some functions, {@code depth} calls up, sorted by name. */
    record Nearest(int depth, List<String> functions) {}

    private final KernelInfo kernel;

    CallerSuggestion(KernelInfo kernel) {
        this.kernel = kernel;
    }

    /** The traceable callers nearest to {@code functions}, if there are any within reach. */
    Optional<Nearest> nearest(Collection<String> functions) {
        Set<String> seen = new HashSet<>(functions);
        List<String> level = List.copyOf(functions);
        int lookups = 0;
        for (int depth = 1; depth <= MAX_DEPTH && !level.isEmpty(); depth++) {
            lookups += level.size();
            if (lookups > MAX_LOOKUPS) {
                break;
            }
            TreeSet<String> callers = new TreeSet<>();
            for (String function : level) {
                for (String caller : kernel.callersOf(function)) {
                    if (seen.add(caller)) {
                        callers.add(caller);
                    }
                }
            }
            List<String> traceable = callers.stream().filter(kernel.traceableFunctions()::contains).toList();
            if (!traceable.isEmpty()) {
                return Optional.of(new Nearest(depth, traceable));
            }
            level = List.copyOf(callers);
        }
        return Optional.empty();
    }

    /**
     * What to probe instead of {@code functions} ({@code probeName} {@code entry} or {@code
     * return}): {@code probe a caller instead: fbt::a:entry or fbt::b:entry}; empty when no
     * traceable caller is near.
     */
    Optional<String> suggest(Collection<String> functions, String probeName) {
        return nearest(functions).map(nearest -> render(nearest, probeName));
    }

    static String render(Nearest nearest, String probeName) {
        List<String> shown = nearest.functions().stream().limit(MAX_SHOWN)
                .map(f -> "fbt::" + f + ":" + probeName).toList();
        String list = shown.size() == 1 ? shown.get(0)
                : String.join(", ", shown.subList(0, shown.size() - 1)) + " or " + shown.get(shown.size() - 1);
        String up = nearest.depth() == 1 ? "" : " " + nearest.depth() + " levels up";
        if (nearest.functions().size() <= MAX_SHOWN) {
            return "probe a caller" + up + " instead: " + list;
        }
        return "probe a caller instead: one of its " + nearest.functions().size() + " traceable callers" + up
                + ", e.g. " + list;
    }
}
