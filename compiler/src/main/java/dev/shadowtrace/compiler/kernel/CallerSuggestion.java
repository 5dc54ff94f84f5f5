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
 * KernelInfo#traceableFunctions()}) that are not on the kprobe blacklist ({@link
 * KernelInfo#kprobeBlacklist()}, when it is known) nor known to be refused otherwise. A suggestion
 * may still be refused when attaching: the blacklist may be unknown, and only the module knows
 * which functions are in entry or noinstr text.
 *
 * <p>The compiler suggests callers of a function without an ftrace site ({@link ProbeResolver});
 * the command line, of a function the module refused to probe.
 */
public final class CallerSuggestion {
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

    public CallerSuggestion(KernelInfo kernel) {
        this.kernel = kernel;
    }

    /** The traceable callers nearest to {@code functions}, if there are any within reach. */
    Optional<Nearest> nearest(Collection<String> functions) {
        return nearest(functions, Set.of());
    }

    /**
     * The traceable callers nearest to {@code functions}, other than those in {@code refused}, if
     * there are any within reach; the callers of refused callers are still looked at.
     */
    Optional<Nearest> nearest(Collection<String> functions, Set<String> refused) {
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
            List<String> traceable = callers.stream().filter(kernel.traceableFunctions()::contains)
                    .filter(f -> !kernel.kprobeBlacklist().contains(f) && !refused.contains(f)).toList();
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
    public Optional<String> suggest(Collection<String> functions, String probeName) {
        return suggest(functions, probeName, Set.of());
    }

    /**
     * As {@link #suggest(Collection, String)}, naming none of {@code refused}: functions known not
     * to be probeable there (the module refused them), though they have an ftrace site.
     */
    public Optional<String> suggest(Collection<String> functions, String probeName, Set<String> refused) {
        return nearest(functions, refused).map(nearest -> render(nearest, probeName));
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
