package dev.shadowtrace.runtime;

import com.sun.jna.Pointer;

/**
 * The module-wide counters (struct shadowk_stats). All are unsigned 64-bit
 * in the kernel; print them with {@link Long#toUnsignedString(long)}.
 */
public record Stats(long shadows, long pagesCopied, long tablePages, long boundMms, long bindsTotal,
        long unbindsTotal, long coherenceWrites, long coherenceConflicts) {

    static Stats read(Pointer p) {
        return new Stats(
                p.getLong(ShadowkAbi.STATS_OFF_SHADOWS),
                p.getLong(ShadowkAbi.STATS_OFF_PAGES_COPIED),
                p.getLong(ShadowkAbi.STATS_OFF_TABLE_PAGES),
                p.getLong(ShadowkAbi.STATS_OFF_BOUND_MMS),
                p.getLong(ShadowkAbi.STATS_OFF_BINDS_TOTAL),
                p.getLong(ShadowkAbi.STATS_OFF_UNBINDS_TOTAL),
                p.getLong(ShadowkAbi.STATS_OFF_COHERENCE_WRITES),
                p.getLong(ShadowkAbi.STATS_OFF_COHERENCE_CONFLICTS));
    }
}
