package dev.shadowtrace.runtime.session;

import dev.shadowtrace.runtime.ShadowkDevice;
import dev.shadowtrace.runtime.ShadowkException;

import java.util.Optional;

/**
 * Whether the kernel's own text writes stopped reaching the shadows during a session: the module's
 * STATS {@code coherence_lost} grew (kprobes were globally disarmed, or a text write could not be
 * replayed). The module then makes every shadow that existed stale and switches its processes back
 * to the pristine kernel, so the session's probes stopped firing in them: silent in the output, which
 * is why the session says so when it ends.
 */
final class CoherenceWatch {
    static final String LOST = "the kernel's text writes stopped reaching the shadows during the trace"
            + " (kprobes were globally disarmed, or a write could not be replayed: dmesg says which), so the"
            + " module switched the traced processes back to the pristine kernel and the probes stopped"
            + " firing in them: the counts end there; enable kprobes (echo 1 >"
            + " /sys/kernel/debug/kprobes/enabled) and trace again";

    /** STATS coherence_lost when the session began; -1 if it could not be read. */
    private final long atStart;

    CoherenceWatch(long atStart) {
        this.atStart = atStart;
    }

    static CoherenceWatch start(ShadowkDevice device) {
        return new CoherenceWatch(read(device));
    }

    /** The warning if coherence was lost since the start, given the counter now (-1: unknown). */
    Optional<String> lost(long now) {
        return atStart >= 0 && now > atStart ? Optional.of(LOST) : Optional.empty();
    }

    Optional<String> lost(ShadowkDevice device) {
        return lost(read(device));
    }

    private static long read(ShadowkDevice device) {
        try {
            return device.stats().coherenceLost();
        } catch (ShadowkException e) {
            return -1; // the counters are a courtesy here: a trace does not fail for them
        }
    }
}
