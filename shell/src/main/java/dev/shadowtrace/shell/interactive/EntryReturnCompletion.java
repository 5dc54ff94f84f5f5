package dev.shadowtrace.shell.interactive;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * A DTrace provider whose probes are {@code PROVIDER::NAME:entry|return}: {@code fbt::} over the
 * running kernel's traceable functions (those {@code -l} lists), {@code syscall::} over the
 * syscalls whose wrapper is traceable. The name first, then {@code entry} or {@code return}.
 */
final class EntryReturnCompletion implements ProbeCompletion {
    private final String prefix;
    private final Supplier<Collection<String>> names;

    EntryReturnCompletion(String prefix, Supplier<Collection<String>> names) {
        this.prefix = prefix;
        this.names = names;
    }

    @Override
    public List<String> prefixes() {
        return List.of(prefix);
    }

    @Override
    public List<String> complete(String token) {
        String rest = token.substring(prefix.length());
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            String name = rest.substring(0, colon);
            return List.of(prefix + name + ":entry", prefix + name + ":return");
        }
        return ProbeCompletion.matching(names.get(), rest).map(n -> prefix + n + ":").toList();
    }
}
