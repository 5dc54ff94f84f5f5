package dev.shadowtrace.lang;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DTrace's own {@code proc} and {@code sched} probes, spelled {@code proc:::exec-success}, where one
 * kernel tracepoint fires at the same event in the same thread: those are that tracepoint (its
 * {@code args->field} are the tracepoint's, not DTrace's {@code psinfo_t}), scoped like any
 * tracepoint. The others have no such tracepoint, and each says why and what comes closest.
 */
public final class DtraceAliases {
    /** A kernel tracepoint, {@code CATEGORY:NAME}. */
    public record Tracepoint(String category, String event) {
        public String name() {
            return category + ":" + event;
        }
    }

    private static final Map<String, Tracepoint> ALIASES = Map.of(
            "proc:exec-success", new Tracepoint("sched", "sched_process_exec"),
            "proc:signal-send", new Tracepoint("signal", "signal_generate"),
            "proc:signal-handle", new Tracepoint("signal", "signal_deliver"),
            "sched:off-cpu", new Tracepoint("sched", "sched_switch"));

    private static final Map<String, String> NOT_PROVIDED = Map.of(
            "sched:on-cpu", "it fires in the thread coming on CPU, where no kernel tracepoint runs;"
                    + " sched:::off-cpu (sched_switch) fires in the thread leaving, and its args->next_pid"
                    + " names the one coming",
            "proc:exit", "the kernel's sched:::sched_process_exit fires for every thread that exits, not"
                    + " once per process",
            "proc:create", "the kernel's sched:::sched_process_fork fires for threads too; its"
                    + " args->child_pid is the new task",
            "proc:exec", "no tracepoint fires before an exec; syscall::execve:entry does, with the path in"
                    + " args->filename",
            "proc:exec-failure", "no tracepoint fires for a failed exec; syscall::execve:return does, with"
                    + " the error in retval");

    private DtraceAliases() {
    }

    /** The tracepoint {@code provider:::name} stands for, if DTrace's probe has one. */
    public static Optional<Tracepoint> tracepoint(String provider, String name) {
        return Optional.ofNullable(ALIASES.get(provider + ":" + name));
    }

    /** Why DTrace's {@code provider:::name} is not provided, if it is one of DTrace's own. */
    public static Optional<String> whyNot(String provider, String name) {
        return Optional.ofNullable(NOT_PROVIDED.get(provider + ":" + name));
    }

    /** The provided probes, in DTrace's spelling ({@code proc:::exec-success}), with their tracepoints. */
    public static List<Map.Entry<String, Tracepoint>> all() {
        return ALIASES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Map.entry(e.getKey().replace(":", ":::"), e.getValue())).toList();
    }
}
