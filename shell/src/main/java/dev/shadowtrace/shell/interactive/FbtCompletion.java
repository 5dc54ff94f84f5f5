package dev.shadowtrace.shell.interactive;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/** {@code fbt::FUNCTION:entry|return}: the running kernel's traceable functions (those {@code -l} lists). */
final class FbtCompletion implements ProbeCompletion {
    private static final String PREFIX = "fbt::";

    private final Supplier<Collection<String>> functions;

    FbtCompletion(Supplier<Collection<String>> functions) {
        this.functions = functions;
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
            String function = rest.substring(0, colon);
            return List.of(PREFIX + function + ":entry", PREFIX + function + ":return");
        }
        return ProbeCompletion.matching(functions.get(), rest).map(f -> PREFIX + f + ":").toList();
    }
}
