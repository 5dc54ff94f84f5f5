package dev.shadowtrace.runtime;

import com.sun.jna.Pointer;

/**
 * The module-wide counters and caps (struct shadowk_stats). All are unsigned
 * 64-bit in the kernel; print them with {@link Long#toUnsignedString(long)}.
 * The {@code max} fields are the module's caps (its {@code max_*}
 * parameters): a request over one fails with ENOSPC. So does one over the two
 * fixed pools: shadows with probes, out-of-line slots of offset probes.
 * {@code coherenceLost} counts the times shadows stopped seeing the kernel's
 * own text writes (kprobes disarmed).
 */
public record Stats(long shadows, long pagesCopied, long tablePages, long boundMms, long bindsTotal,
        long unbindsTotal, long coherenceWrites, long coherenceConflicts, long patches, long probes,
        long percpuBytes, long maxShadows, long maxPages, long maxPatches, long maxProbes, long maxPercpuBytes,
        long probedShadows, long maxProbedShadows, long xolSlots, long maxXolSlots, long coherenceLost) {

    static Stats read(Pointer p) {
        return new Stats(
                p.getLong(ShadowkAbi.STATS_OFF_SHADOWS),
                p.getLong(ShadowkAbi.STATS_OFF_PAGES_COPIED),
                p.getLong(ShadowkAbi.STATS_OFF_TABLE_PAGES),
                p.getLong(ShadowkAbi.STATS_OFF_BOUND_MMS),
                p.getLong(ShadowkAbi.STATS_OFF_BINDS_TOTAL),
                p.getLong(ShadowkAbi.STATS_OFF_UNBINDS_TOTAL),
                p.getLong(ShadowkAbi.STATS_OFF_COHERENCE_WRITES),
                p.getLong(ShadowkAbi.STATS_OFF_COHERENCE_CONFLICTS),
                p.getLong(ShadowkAbi.STATS_OFF_PATCHES),
                p.getLong(ShadowkAbi.STATS_OFF_PROBES),
                p.getLong(ShadowkAbi.STATS_OFF_PERCPU_BYTES),
                p.getLong(ShadowkAbi.STATS_OFF_MAX_SHADOWS),
                p.getLong(ShadowkAbi.STATS_OFF_MAX_PAGES),
                p.getLong(ShadowkAbi.STATS_OFF_MAX_PATCHES),
                p.getLong(ShadowkAbi.STATS_OFF_MAX_PROBES),
                p.getLong(ShadowkAbi.STATS_OFF_MAX_PERCPU_BYTES),
                p.getLong(ShadowkAbi.STATS_OFF_PROBED_SHADOWS),
                p.getLong(ShadowkAbi.STATS_OFF_MAX_PROBED_SHADOWS),
                p.getLong(ShadowkAbi.STATS_OFF_XOL_SLOTS),
                p.getLong(ShadowkAbi.STATS_OFF_MAX_XOL_SLOTS),
                p.getLong(ShadowkAbi.STATS_OFF_COHERENCE_LOST));
    }
}
