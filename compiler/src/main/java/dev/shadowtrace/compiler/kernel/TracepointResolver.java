package dev.shadowtrace.compiler.kernel;

import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.lang.diag.SourceFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns tracepoint probes ({@code tracepoint:CATEGORY:NAME}, globs allowed) into one {@link ProbeSite}
 * per matching tracepoint, with its format. A glob never matches the {@code syscalls} category,
 * whose tracepoints are syscall probes ({@link SyscallTable}).
 */
public final class TracepointResolver {
    private static final String SYSCALLS = "syscalls";

    private final Tracepoints tracepoints;

    public TracepointResolver(Tracepoints tracepoints) {
        this.tracepoints = tracepoints;
    }

    /** The tracepoints {@code CATEGORY:NAME} that {@code probe}'s category and name patterns match, sorted. */
    public List<String> matching(ProbeDescription probe) {
        if (!probe.isGlob()) {
            String name = probe.module() + ":" + probe.function();
            return tracepoints.names().contains(name) ? List.of(name) : List.of();
        }
        Pattern category = FunctionNames.glob(probe.module());
        Pattern event = FunctionNames.glob(probe.function());
        return tracepoints.names().stream().filter(n -> {
            int colon = n.indexOf(':');
            String c = n.substring(0, colon);
            return !c.equals(SYSCALLS) && category.matcher(c).matches() && event.matcher(n.substring(colon + 1)).matches();
        }).toList();
    }

    /**
     * @throws ScriptException if no tracepoint matches (with the closest names for a misspelled one),
     *                         or a format cannot be read
     */
    public List<ProbeSite> resolve(ProbeDescription probe, SourceFile source) throws ScriptException {
        List<String> names = matching(probe);
        if (names.isEmpty()) {
            String written = probe.module() + ":" + probe.function();
            if (probe.isGlob()) {
                throw new ScriptException(source.error(probe.pos(), "no tracepoint matches '" + written + "'",
                        "shadowtrace -l 'tracepoint:*:*' lists the tracepoints"));
            }
            Optional<String> close = ProbeResolver.didYouMean(written, tracepoints.names());
            String message = "unknown tracepoint '" + written + "'";
            throw new ScriptException(close.isPresent() ? source.error(probe.pos(), message + "; " + close.get())
                    : source.error(probe.pos(), message, "shadowtrace -l 'tracepoint:" + probe.module()
                            + ":*' lists the tracepoints of a category (tracefs events/, readable by root)"));
        }
        List<ProbeSite> sites = new ArrayList<>();
        for (String name : names) {
            int colon = name.indexOf(':');
            String category = name.substring(0, colon);
            String event = name.substring(colon + 1);
            String text = tracepoints.format(category, event).orElseThrow(() -> new ScriptException(source.error(
                    probe.pos(), "cannot read the format of tracepoint " + name + " (tracefs events/" + category + "/"
                            + event + "/format)")));
            try {
                sites.add(ProbeSite.of(probe, TracepointFormat.parse(category, event, text)));
            } catch (IllegalArgumentException e) {
                throw new ScriptException(source.error(probe.pos(), e.getMessage()));
            }
        }
        return sites;
    }
}
