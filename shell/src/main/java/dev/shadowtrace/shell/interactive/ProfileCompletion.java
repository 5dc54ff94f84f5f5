package dev.shadowtrace.shell.interactive;

import java.util.List;

/** {@code profile:hz:N}: sampling N times a second of the traced processes' CPU time; 99 first, as bpftrace's examples. */
final class ProfileCompletion implements ProbeCompletion {
    private static final String PREFIX = "profile:hz:";
    private static final List<String> RATES = List.of("99", "49", "997");

    @Override
    public List<String> prefixes() {
        return List.of(PREFIX);
    }

    @Override
    public List<String> complete(String token) {
        return ProbeCompletion.matching(RATES, token.substring(PREFIX.length())).map(r -> PREFIX + r).toList();
    }
}
