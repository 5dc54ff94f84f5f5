package dev.shadowtrace.lang;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DTrace's own {@code proc} and {@code sched} probes, spelled {@code proc:::exec-success}, where one
 * kernel tracepoint fires at the same event in the same thread: those are that tracepoint (its
 * {@code args->field} are the tracepoint's, not DTrace's {@code psinfo_t}), scoped like any
 * tracepoint. Three are the entry of a kernel function that runs once at that event in that thread,
 * in its own address space and so in its own shadow: that fbt probe in every respect. The others
 * have neither, and each says why and what comes closest.
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

    /**
     * Functions whose entry is DTrace's probe. {@code finish_task_switch()}: {@code __schedule()} calls
     * it after {@code switch_mm_irqs_off()} and {@code switch_to()} (and {@code schedule_tail()} in a
     * new task), so it runs in the thread coming on the CPU, on that thread's page tables.
     * {@code tty_audit_fork()}: {@code copy_process()} -> {@code copy_signal()} calls it for a new
     * process, not a new thread, in the forking thread. {@code tty_audit_exit()}: {@code do_exit()}
     * calls it in the last thread of a process to exit ({@code group_dead}), before
     * {@code exit_mm()}. These two are audit hooks (CONFIG_AUDIT, as Debian's kernels have it).
     * {@code bprm_execve()}: every exec of {@code execve()} and {@code execveat()} calls it once, in the
     * exec'ing thread, before the new program replaces the old.
     */
    private static final Map<String, String> FUNCTIONS = Map.of("sched:on-cpu", "finish_task_switch",
            "proc:create", "tty_audit_fork", "proc:exit", "tty_audit_exit", "proc:exec", "bprm_execve");

    private static final Map<String, String> NOT_PROVIDED = Map.of(
            "proc:exec-failure", "no probe fires for a failed exec only; fbt::bprm_execve:return /(int)retval < 0/"
                    + " and syscall::execve:return do, with the error in retval");

    private DtraceAliases() {
    }

    /** The tracepoint {@code provider:::name} stands for, if DTrace's probe has one. */
    public static Optional<Tracepoint> tracepoint(String provider, String name) {
        return Optional.ofNullable(ALIASES.get(provider + ":" + name));
    }

    /** The kernel function at whose entry DTrace's {@code provider:::name} fires, if it is one of those. */
    public static Optional<String> function(String provider, String name) {
        return Optional.ofNullable(FUNCTIONS.get(provider + ":" + name));
    }

    /** The probes given by a function's entry, in DTrace's spelling ({@code sched:::on-cpu}), with their functions. */
    public static List<Map.Entry<String, String>> functions() {
        return FUNCTIONS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Map.entry(e.getKey().replace(":", ":::"), e.getValue())).toList();
    }

    /** Every provided probe in DTrace's spelling, sorted: those of a tracepoint and those of a function. */
    public static List<String> names() {
        return java.util.stream.Stream.concat(all().stream().map(Map.Entry::getKey),
                functions().stream().map(Map.Entry::getKey)).sorted().toList();
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
