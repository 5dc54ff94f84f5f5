package dev.shadowtrace.shell.interactive;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code tracepoint:CATEGORY:NAME}: the category first ({@code tracepoint:sched:}), then its
 * tracepoints. The {@code syscalls} category is {@code sys_enter_NAME}/{@code sys_exit_NAME} of
 * the syscalls whose wrapper is traceable (they are syscall probes in the shadow, as {@code -l}
 * lists them); every other category is what tracefs holds.
 */
final class TracepointCompletion implements ProbeCompletion {
    private static final String PREFIX = "tracepoint:";
    private static final String SYSCALLS = "syscalls:";

    private final Supplier<Collection<String>> syscalls;
    private final Supplier<Collection<String>> tracepoints;

    TracepointCompletion(Supplier<Collection<String>> syscalls, Supplier<Collection<String>> tracepoints) {
        this.syscalls = syscalls;
        this.tracepoints = tracepoints;
    }

    @Override
    public List<String> prefixes() {
        return List.of(PREFIX);
    }

    @Override
    public List<String> complete(String token) {
        String typed = token.substring(PREFIX.length());
        List<String> names = names();
        if (typed.indexOf(':') < 0) {
            Set<String> categories = new LinkedHashSet<>();
            for (String name : names) {
                categories.add(name.substring(0, name.indexOf(':') + 1));
            }
            return ProbeCompletion.matching(categories, typed).map(c -> PREFIX + c).toList();
        }
        return ProbeCompletion.matching(names, typed).map(n -> PREFIX + n).toList();
    }

    /** Every {@code CATEGORY:NAME}, the syscalls' first. */
    private List<String> names() {
        List<String> names = new ArrayList<>();
        for (String s : syscalls.get()) {
            names.add(SYSCALLS + "sys_enter_" + s);
            names.add(SYSCALLS + "sys_exit_" + s);
        }
        for (String name : tracepoints.get()) {
            if (!name.startsWith(SYSCALLS) && name.indexOf(':') > 0) {
                names.add(name);
            }
        }
        return names;
    }
}
