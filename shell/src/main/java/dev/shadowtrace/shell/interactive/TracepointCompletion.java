package dev.shadowtrace.shell.interactive;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code tracepoint:syscalls:sys_enter_NAME|sys_exit_NAME}, bpftrace's spelling of the syscall
 * probes; the only tracepoint category the compiler knows.
 */
final class TracepointCompletion implements ProbeCompletion {
    private static final String PREFIX = "tracepoint:";
    private static final String SYSCALLS = PREFIX + "syscalls:";

    private final Supplier<Collection<String>> syscalls;

    TracepointCompletion(Supplier<Collection<String>> syscalls) {
        this.syscalls = syscalls;
    }

    @Override
    public List<String> prefixes() {
        return List.of(PREFIX);
    }

    @Override
    public List<String> complete(String token) {
        if (!token.startsWith(SYSCALLS)) {
            return List.of(SYSCALLS);
        }
        List<String> names = new ArrayList<>();
        for (String s : syscalls.get()) {
            names.add("sys_enter_" + s);
            names.add("sys_exit_" + s);
        }
        return ProbeCompletion.matching(names, token.substring(SYSCALLS.length())).map(n -> SYSCALLS + n).toList();
    }
}
