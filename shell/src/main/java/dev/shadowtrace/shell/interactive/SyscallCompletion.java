package dev.shadowtrace.shell.interactive;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/** {@code syscall::NAME:entry|return}: the syscalls whose wrapper the running kernel can trace. */
final class SyscallCompletion implements ProbeCompletion {
    private static final String PREFIX = "syscall::";

    private final Supplier<Collection<String>> syscalls;

    SyscallCompletion(Supplier<Collection<String>> syscalls) {
        this.syscalls = syscalls;
    }

    @Override
    public List<String> prefixes() {
        return List.of(PREFIX);
    }

    @Override
    public List<String> complete(String token) {
        String rest = token.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            String name = rest.substring(0, colon);
            return List.of(PREFIX + name + ":entry", PREFIX + name + ":return");
        }
        return ProbeCompletion.matching(syscalls.get(), rest).map(s -> PREFIX + s + ":").toList();
    }
}
